import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { projectRoot } from "#app/platform/config/paths.server.ts";
import { command } from "./ids.ts";
import { botScopes } from "./oauth.ts";

const manifest = readFileSync(join(projectRoot, "slack", "manifest.yml"), "utf8");

it("asks Slack for exactly the scopes the OAuth install requests, and sends everything to the Remit URLs", () => {
  const scopes = /bot:\n((?:\s+- .+\n)+)/
    .exec(manifest)![1]!
    .trim()
    .split(/\n\s*- /)
    .map((scope) => scope.replace(/^- /, ""));
  expect(scopes).toEqual(botScopes);
  expect(manifest).toContain(`- command: ${command}`);
  const urls = [...manifest.matchAll(/https:\/\/billing\.example\.com(\/\S+)/g)].map((match) => match[1]);
  expect(new Set(urls)).toEqual(new Set(["/slack/events", "/slack/oauth_redirect"]));
});
