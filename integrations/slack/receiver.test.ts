import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { action } from "#app/routes/slack.events.ts";
import { loader as install } from "#app/routes/slack.install.ts";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { mockSlack, type SlackMock } from "#tests/msw/slack.ts";
import { sendToSlack, signed, slackEnv, slashCommand } from "#tests/slack.ts";

let app: AppContext;
let slack: SlackMock;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase(), slackEnv);
});
afterAll(async () => {
  await app.database.close();
});
beforeEach(() => {
  slack = mockSlack();
});

const form = "application/x-www-form-urlencoded";
const now = () => Math.floor(Date.now() / 1000);

let rows: number;
const countRows = async () => (await app.db.workspace.count()) + (await app.db.customer.count()) + (await app.db.outboxEvent.count());
beforeEach(async () => {
  rows = await countRows();
});

async function changedNothing() {
  expect(slack.calls).toEqual([]);
  expect(slack.responses).toEqual([]);
  expect(await countRows()).toBe(rows);
}

describe("verification", () => {
  it("refuses a bad signature, another app's secret, a stale or future timestamp, and missing headers with 401", async () => {
    const body = new URLSearchParams({ command: "/invoice", text: "list", team_id: "T1", user_id: "U1", trigger_id: "t" }).toString();
    const attempts: RequestInit[] = [
      { ...signed(body, form), body: `${body}&text=void` },
      signed(body, form, now(), "another-apps-signing-secret-000000"),
      signed(body, form, now() - 6 * 60),
      signed(body, form, now() + 6 * 60),
      { method: "POST", headers: { "content-type": form }, body },
      { method: "POST", headers: { "content-type": form, "x-slack-request-timestamp": String(now()), "x-slack-signature": "v1=abc" }, body },
    ];
    for (const init of attempts) {
      const response = await sendToSlack(app, init);
      expect(response.status).toBe(401);
      expect(await response.text()).toContain("not signed by Slack");
    }
    await changedNothing();
  });

  it("accepts a timestamp within the five-minute window", async () => {
    const body = new URLSearchParams({
      command: "/invoice",
      text: "help",
      team_id: "T1",
      user_id: "U1",
      trigger_id: "t",
      response_url: "https://hooks.slack.com/x",
    }).toString();
    expect((await sendToSlack(app, signed(body, form, now() - 4 * 60))).status).toBe(200);
  });

  it("answers malformed signed payloads with 400", async () => {
    for (const init of [signed("{not json", "application/json"), signed("payload=%7Bbroken", form), signed('"a string"', "application/json")]) {
      const response = await sendToSlack(app, init);
      expect(response.status).toBe(400);
    }
    await changedNothing();
  });

  it("answers Slack's ssl_check without a signature, and url_verification with the challenge", async () => {
    const ssl = await sendToSlack(app, { method: "POST", headers: { "content-type": form }, body: "ssl_check=1&token=x" });
    expect(ssl.status).toBe(200);
    const challenge = await sendToSlack(
      app,
      signed(JSON.stringify({ token: "x", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" }), "application/json"),
    );
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    await changedNothing();
  });

  it("refuses other methods", async () => {
    const response = await action(routeArgs(app, "/slack/events", { method: "PUT", body: "x" }));
    expect(response.status).toBe(405);
  });

  it("answers a request nothing handles with 404", async () => {
    const response = await sendToSlack(app, slashCommand("help", { command: "/other" }));
    expect(response.status).toBe(404);
  });
});

describe("without Slack configured", () => {
  it("answers 503 Slack is not configured, and the server keeps serving", async () => {
    const bare = await createTestApp(await createTestDatabase());
    try {
      expect(bare.slack).toBeNull();
      for (const call of [() => action(routeArgs(bare, "/slack/events", slashCommand("help"))), () => install(routeArgs(bare, "/slack/install"))]) {
        const thrown = await call().catch((error: unknown) => error);
        expect(thrown).toBeInstanceOf(Response);
        expect((thrown as Response).status).toBe(503);
        expect(await (thrown as Response).text()).toContain("Slack is not configured");
      }
    } finally {
      await bare.database.close();
    }
  });
});
