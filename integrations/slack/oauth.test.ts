import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { voidInvoice } from "#app/billing/invoices.server.ts";
import { loader as install } from "#app/routes/slack.install.ts";
import { loader as redirect } from "#app/routes/slack.oauth_redirect.ts";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { mockSlack, slackApiUrl, type SlackMock } from "#tests/msw/slack.ts";
import { eventCallback, sendToSlack, signingSecret, slashCommand } from "#tests/slack.ts";
import { testNow } from "#tests/clock.ts";

const distributed = {
  SLACK_SIGNING_SECRET: signingSecret,
  SLACK_CLIENT_ID: "1111111111.2222222222",
  SLACK_CLIENT_SECRET: "client-secret-for-tests",
  SLACK_STATE_SECRET: "state-secret-for-tests-0123456789abcdef",
  SLACK_API_URL: slackApiUrl,
};
const installedToken = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
const newTeam = { id: "T9TK3CUKW", name: "Slack Softball Team" };

let app: AppContext;
let slack: SlackMock;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase(), distributed);
  // Someone's existing workspace: an install by a stranger must never land in it.
  await aWorkspace(app.db, { name: "Existing vendor" });
});
afterAll(async () => {
  await app.database.close();
});
beforeEach(() => {
  slack = mockSlack();
  // oauth.v2.access as in Slack's reference: a bot token for the team that installed.
  slack.reply("oauth.v2.access", () => ({
    ok: true,
    access_token: installedToken,
    token_type: "bot",
    scope: "commands,chat:write,chat:write.public,users:read,channels:history,groups:history,channels:read,groups:read,mpim:read",
    bot_user_id: "U0KRQLJ9H",
    app_id: "A0KRD7HC3",
    team: newTeam,
    enterprise: null,
    authed_user: { id: "U1234" },
    is_enterprise_install: false,
  }));
  slack.reply("auth.test", () => ({
    ok: true,
    url: "https://softball.slack.com/",
    team: newTeam.name,
    user: "remit",
    team_id: newTeam.id,
    user_id: "U0KRQLJ9H",
    bot_id: "B0KRQLJ9H",
    is_enterprise_install: false,
  }));
});

async function startInstall() {
  const response = await install(routeArgs(app, "/slack/install"));
  const cookie = response.headers.get("set-cookie")!;
  const state = /slack-app-oauth-state=([^;]+)/.exec(cookie)![1]!;
  return { response, state, cookie: `slack-app-oauth-state=${state}` };
}

const back = (query: string, cookie?: string) => redirect(routeArgs(app, `/slack/oauth_redirect?${query}`, cookie ? { headers: { cookie } } : {}));

describe("OAuth install", () => {
  it("serves Add to Slack with the scopes, the redirect and a state bound to the browser", async () => {
    const { response, state } = await startInstall();
    expect(response.status).toBe(200);
    const html = await response.text();
    const href = new URL(/<a href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&"));
    expect(href.origin + href.pathname).toBe("https://slack.com/oauth/v2/authorize");
    expect(Object.fromEntries(href.searchParams)).toEqual({
      scope: "commands,chat:write,chat:write.public,users:read,channels:history,groups:history,channels:read,groups:read,mpim:read",
      state,
      client_id: distributed.SLACK_CLIENT_ID,
      redirect_uri: "http://remit.test/slack/oauth_redirect",
    });
    expect(response.headers.get("set-cookie")).toContain("HttpOnly");
  });

  it("refuses a redirect whose state is missing, forged or from another browser, and stores nothing", async () => {
    const { state } = await startInstall();
    const other = await startInstall();
    for (const response of [
      await back("code=abc"),
      await back(`code=abc&state=${state}`),
      await back(`code=abc&state=${state}`, other.cookie),
      await back("code=abc&state=forged", "slack-app-oauth-state=forged"),
    ]) {
      expect(response.status).toBe(400);
    }
    expect(slack.to("oauth.v2.access")).toEqual([]);
    expect(await app.db.credential.count()).toBe(0);
  });

  it("stores the installation encrypted in a new workspace for the team, then answers its commands with its token", async () => {
    const { state, cookie } = await startInstall();
    const response = await back(`code=4724469134.4644010092847.232b4e6ad9c7e0e5dc1a1d5ef1d0b6b6&state=${state}`, cookie);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`slack://app?team=${newTeam.id}&amp;id=A0KRD7HC3`);
    expect(slack.to("oauth.v2.access")[0]!.args).toMatchObject({
      code: expect.stringMatching(/^4724469134/),
      redirect_uri: "http://remit.test/slack/oauth_redirect",
    });

    const workspace = await app.db.workspace.findUniqueOrThrow({ where: { slackTeamId: newTeam.id } });
    expect(workspace.name).toBe(newTeam.name);
    expect(await app.db.workspace.count({ where: { name: "Existing vendor", slackTeamId: null } })).toBe(1);
    const credential = await app.db.credential.findFirstOrThrow({ where: { workspaceId: workspace.id, provider: "slack" } });
    expect(credential.ciphertext).not.toContain("xoxb");

    slack.clear();
    await sendToSlack(app, slashCommand("", { team_id: newTeam.id }));
    expect(slack.calls.map((call) => [call.method, call.token])).toEqual([
      ["users.info", installedToken],
      ["views.open", installedToken],
    ]);
  });

  it("posts the installed team's alerts with its own token", async () => {
    const workspace = await app.db.workspace.update({ where: { slackTeamId: newTeam.id }, data: { alertChannelId: "C0SOFTBALL" } });
    const customer = await aCustomer(app.db, workspace.id);
    const invoice = await anInvoice(app.db, workspace.id, customer.id);
    await voidInvoice(app.db, workspace.id, invoice.id, testNow);
    await createDispatcher(app.db, { subscribers: app.subscribers, now: app.now }).runOnce();
    expect(slack.to("chat.postMessage").map((call) => [call.token, call.args.channel])).toEqual([[installedToken, "C0SOFTBALL"]]);
  });

  it("refuses requests from a team that has not installed the app", async () => {
    const response = await sendToSlack(app, slashCommand("list", { team_id: "T0STRANGER" }));
    expect(response.status).toBe(401);
    expect(slack.calls).toEqual([]);
  });

  it("forgets the tokens when the app is uninstalled, and keeps the workspace", async () => {
    const response = await sendToSlack(app, eventCallback({ type: "app_uninstalled", event_ts: "1798000000.000200" }, newTeam.id));
    expect(response.status).toBe(200);
    expect(await app.db.credential.count()).toBe(0);
    expect(await app.db.workspace.count({ where: { slackTeamId: newTeam.id } })).toBe(1);
    expect((await sendToSlack(app, slashCommand("list", { team_id: newTeam.id }))).status).toBe(401);
  });
});
