import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { mockSlack, slackApiUrl, slackError } from "#tests/msw/slack.ts";
import { botToken, sendToSlack, slashCommand } from "#tests/slack.ts";

const appToken = "xapp-1-A0REMIT01-1234-socketmode";
let app: AppContext;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase(), { SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_API_URL: slackApiUrl });
});
afterAll(async () => {
  await app.database.close();
});

it("takes events over Socket Mode with the app token instead of the HTTP endpoint", async () => {
  const slack = mockSlack();
  const response = await sendToSlack(app, slashCommand("help"));
  expect(response.status).toBe(404);
  expect(await response.text()).toContain("Socket Mode");

  slack.reply("apps.connections.open", slackError("invalid_auth"));
  await expect(app.slack!.start()).rejects.toThrow("invalid_auth");
  expect(slack.to("apps.connections.open").map((call) => call.token)).toEqual([appToken]);
});
