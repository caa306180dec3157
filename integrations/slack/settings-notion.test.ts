import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { createFakeNotion, notionApiUrl, type FakeNotion } from "#tests/msw/notion.ts";
import { mswServer } from "#tests/msw/server.ts";
import { mockSlack, type SlackCall, type SlackMock } from "#tests/msw/slack.ts";
import { sendToSlack, settingsState, slackEnv, slashCommand, vendorId, viewSubmission } from "#tests/slack.ts";

const admin = "U0ADMIN";
const token = "ntn_settings_test_0123456789";
let app: AppContext;
let slack: SlackMock;
let notion: FakeNotion;
let workspaceId: string;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase(), { ...slackEnv, NOTION_API_URL: notionApiUrl });
  workspaceId = (await aWorkspace(app.db, { name: "Northwind Studio" })).id;
  const customer = await aCustomer(app.db, workspaceId, { name: "Acme Corp" });
  for (let i = 0; i < 2; i++) await anInvoice(app.db, workspaceId, customer.id);
});
afterAll(async () => {
  await app.database.close();
});
beforeEach(() => {
  slack = mockSlack();
  notion = createFakeNotion();
  notion.addToken(token);
  mswServer.use(...notion.handlers);
});

const asAdmin = (call: SlackCall) => ({
  ok: true,
  user: { id: call.args.user, name: "admin", is_admin: true, is_owner: false, is_restricted: false, is_ultra_restricted: false, is_bot: false },
});

async function settingsView() {
  slack.reply("users.info", asAdmin);
  await sendToSlack(app, slashCommand("settings", { user_id: admin }));
  const view = slack.to("views.open")[0]!.args.view as Record<string, unknown>;
  slack.clear();
  return view;
}

const notionFields = (fields: { token?: string; database?: string; page?: string }) =>
  settingsState({
    settings_notion_token: { value: { type: "plain_text_input", value: fields.token ?? null } },
    settings_notion_database: { value: { type: "url_text_input", value: fields.database ?? null } },
    settings_notion_parent_page: { value: { type: "url_text_input", value: fields.page ?? null } },
  });

/** Direct messages to the person who saved the settings (a user id as the channel). */
const dmTexts = () =>
  slack
    .to("chat.postMessage")
    .filter((call) => call.args.channel === vendorId)
    .map((call) => String(call.args.text));

it("connects Notion from /invoice settings: creates the database under a page, mirrors the invoices, and says so", async () => {
  const page = notion.addParentPage([token]);
  const response = await sendToSlack(
    app,
    viewSubmission(await settingsView(), notionFields({ token, page: `https://www.notion.so/Billing-${page.replaceAll("-", "")}` })),
  );
  expect(response.status).toBe(200);
  expect(await response.text()).toBe(""); // the form closes at once; connecting goes on after
  const [databaseId] = notion.databaseIds();
  expect(databaseId).toBeDefined();
  expect(dmTexts()).toEqual([
    expect.stringMatching(/^:white_check_mark: Created a Notion database: <https:\/\/.*\|open it in Notion>\..* Mirroring your 2 invoices there now/),
  ]);
  expect(await app.db.notionPage.count({ where: { workspaceId, pageId: { not: null } } })).toBe(2);
  expect(await app.db.credential.findFirst({ where: { workspaceId, provider: "notion" } })).toMatchObject({ ciphertext: expect.not.stringContaining(token) });
});

it("shows mistakes on the right field, and tells the person in plain words when Notion refuses", async () => {
  const incomplete = await sendToSlack(app, viewSubmission(await settingsView(), notionFields({ token })));
  expect(await incomplete.json()).toMatchObject({
    response_action: "errors",
    errors: { settings_notion_database: "Give the database link, or a page to create the database in." },
  });

  const refused = await sendToSlack(
    app,
    viewSubmission(
      await settingsView(),
      notionFields({ token: "ntn_revoked_or_mistyped_000", database: "https://www.notion.so/0123456789abcdef0123456789abcdef" }),
    ),
  );
  expect(refused.status).toBe(200);
  expect(dmTexts()).toHaveLength(1);
  expect(dmTexts()[0]).toMatch(/token/i);
  expect(dmTexts()[0]).not.toMatch(/Something went wrong/);
});
