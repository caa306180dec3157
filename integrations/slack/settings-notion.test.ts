import { beforeAll, beforeEach, expect, it } from "vitest";
import { anInvoice } from "#tests/fixtures.ts";
import { createFakeNotion, notionApiUrl, type FakeNotion } from "#tests/msw/notion.ts";
import { mswServer } from "#tests/msw/server.ts";
import { settingsState, vendorId } from "#tests/slack.ts";
import { everyoneIs, slackWorkspace } from "#tests/slack-workspace.ts";

const admin = "U0ADMIN";
const token = "ntn_settings_test_0123456789";
let notion: FakeNotion;
const vendor = slackWorkspace({ env: () => ({ NOTION_API_URL: notionApiUrl }) });
beforeAll(async () => {
  for (let i = 0; i < 2; i++) await anInvoice(vendor.app.db, vendor.workspaceId, vendor.acme.id);
});
beforeEach(() => {
  notion = createFakeNotion();
  notion.addToken(token);
  mswServer.use(...notion.handlers);
});

async function settingsView() {
  vendor.slack.reply("users.info", everyoneIs("admin"));
  return vendor.open("settings", { user_id: admin });
}

const notionFields = (fields: { token?: string; database?: string; page?: string }) =>
  settingsState({
    settings_notion_token: { value: { type: "plain_text_input", value: fields.token ?? null } },
    settings_notion_database: { value: { type: "url_text_input", value: fields.database ?? null } },
    settings_notion_parent_page: { value: { type: "url_text_input", value: fields.page ?? null } },
  });

/** Direct messages to the person who saved the settings (a user id as the channel). */
it("connects Notion from /invoice settings: creates the database under a page, mirrors the invoices, and says so", async () => {
  const page = notion.addParentPage([token]);
  const response = await vendor.submit(await settingsView(), notionFields({ token, page: `https://www.notion.so/Billing-${page.replaceAll("-", "")}` }));
  expect(response.status).toBe(200);
  expect(await response.text()).toBe(""); // the form closes at once; connecting goes on after
  const [databaseId] = notion.databaseIds();
  expect(databaseId).toBeDefined();
  expect(vendor.postedTo(vendorId)).toEqual([
    expect.stringMatching(/^:white_check_mark: Created a Notion database: <https:\/\/.*\|open it in Notion>\..* Mirroring your 2 invoices there now/),
  ]);
  expect(await vendor.app.db.notionPage.count({ where: { workspaceId: vendor.workspaceId, pageId: { not: null } } })).toBe(2);
  expect(await vendor.app.db.credential.findFirst({ where: { workspaceId: vendor.workspaceId, provider: "notion" } })).toMatchObject({
    ciphertext: expect.not.stringContaining(token),
  });
});

it("shows mistakes on the right field, and tells the person in plain words when Notion refuses", async () => {
  const incomplete = await vendor.submit(await settingsView(), notionFields({ token }));
  expect(await incomplete.json()).toMatchObject({
    response_action: "errors",
    errors: { settings_notion_database: "Give the database link, or a page to create the database in." },
  });

  const refused = await vendor.submit(
    await settingsView(),
    notionFields({ token: "ntn_revoked_or_mistyped_000", database: "https://www.notion.so/0123456789abcdef0123456789abcdef" }),
  );
  expect(refused.status).toBe(200);
  expect(vendor.postedTo(vendorId)).toHaveLength(1);
  expect(vendor.postedTo(vendorId)[0]).toMatch(/token/i);
  expect(vendor.postedTo(vendorId)[0]).not.toMatch(/Something went wrong/);
});
