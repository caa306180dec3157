import { describe, expect, it } from "vitest";
import { parseEnv } from "#app/platform/config/env.server.ts";
import { slackConfig } from "./config.ts";

const config = (vars: Record<string, string>) => slackConfig(parseEnv({ ...vars }));
const secret = { SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5" };
const oauth = { SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "client-secret", SLACK_STATE_SECRET: "s".repeat(32) };

describe("Slack configuration", () => {
  it("is off when nothing is set", () => {
    expect(config({})).toBeNull();
  });

  it("runs one workspace from a bot token, or any number through OAuth", () => {
    expect(config({ ...secret, SLACK_BOT_TOKEN: "xoxb-1" })).toEqual({
      mode: "single",
      botToken: "xoxb-1",
      events: { via: "http", signingSecret: secret.SLACK_SIGNING_SECRET },
      apiUrl: "https://slack.com/api/",
    });
    expect(config({ ...secret, ...oauth, SLACK_API_URL: "http://proxy.internal/api" })).toMatchObject({
      mode: "distributed",
      clientId: "1.2",
      apiUrl: "http://proxy.internal/api/",
    });
    expect(config({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" })).toMatchObject({ mode: "single", events: { via: "socket", appToken: "xapp-1" } });
  });

  it("names what is missing or wrong", () => {
    const wrong = (vars: Record<string, string>) => () => config(vars);
    expect(wrong(secret)).toThrow("set SLACK_BOT_TOKEN (one Slack workspace) or SLACK_CLIENT_ID");
    expect(wrong({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow("SLACK_SIGNING_SECRET is required");
    expect(wrong({ ...secret, SLACK_BOT_TOKEN: "xoxp-user" })).toThrow("SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-).");
    expect(wrong({ ...secret, ...oauth, SLACK_BOT_TOKEN: "xoxb-1" })).toThrow("not both");
    expect(wrong({ ...secret, SLACK_CLIENT_ID: "1.2" })).toThrow("SLACK_CLIENT_SECRET and SLACK_STATE_SECRET must be set too");
    expect(wrong({ ...secret, ...oauth, SLACK_STATE_SECRET: "short" })).toThrow("SLACK_STATE_SECRET is too short");
    expect(wrong({ ...secret, SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-2" })).toThrow("SLACK_APP_TOKEN must be an app-level token");
  });
});
