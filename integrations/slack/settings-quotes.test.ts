import { beforeEach, describe, expect, it } from "vitest";
import { testNow } from "#tests/clock.ts";
import { onlyAdmin, settingsState } from "#tests/slack.ts";
import { plain, slackWorkspace } from "#tests/slack-workspace.ts";

// The quote settings `remit quote settings` sets, in `/invoice settings` (decisions 120, 150),
// through signed requests against the fake Slack.
const admin = "U0ADMIN01";
const member = "U0MEMBER01";

const vendor = slackWorkspace({ now: () => testNow, bound: true, users: onlyAdmin(admin) });
beforeEach(() => {
  vendor.slack.reply("users.info", onlyAdmin(admin));
});

type Block = { block_id?: string; element?: Record<string, unknown> };
const openSettings = (userId = admin) => vendor.open<Record<string, unknown> & { blocks: Block[] }>("settings", { user_id: userId });

const quoteFields = (fields: { prefix?: string; validity?: string; terms?: string | null; followUp?: string }) => ({
  ...(fields.prefix === undefined ? {} : { settings_quote_prefix: { value: { type: "plain_text_input", value: fields.prefix } } }),
  ...(fields.validity === undefined ? {} : { settings_quote_validity: { value: { type: "number_input", value: fields.validity } } }),
  ...(fields.terms === undefined ? {} : { settings_quote_terms: { value: { type: "plain_text_input", value: fields.terms } } }),
  ...(fields.followUp === undefined
    ? {}
    : { settings_quote_follow_up: { value: { type: "radio_buttons", selected_option: { text: plain(fields.followUp), value: fields.followUp } } } }),
});

const quoteSettings = async () => {
  const { quotePrefix, quoteValidityDays, quoteTerms, quoteFollowUp } = await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } });
  return { quotePrefix, quoteValidityDays, quoteTerms, quoteFollowUp };
};

describe("quote settings in /invoice settings", () => {
  it("shows the workspace's quote settings and saves them with the rest of the form", async () => {
    const view = await openSettings();
    const block = (id: string) => view.blocks.find((candidate) => candidate.block_id === id)?.element;
    expect(block("settings_quote_prefix")).toMatchObject({ initial_value: "Q-" });
    expect(block("settings_quote_validity")).toMatchObject({ initial_value: "30", min_value: "1", max_value: "365" });
    expect(block("settings_quote_terms")).not.toHaveProperty("initial_value");
    expect(block("settings_quote_follow_up")).toMatchObject({ initial_option: { value: "invoice" } });

    const terms = "Work starts on receipt of the deposit.\nPrices are valid for the scope above.";
    const saved = await vendor.submit(view, settingsState(quoteFields({ prefix: "EST-", validity: "14", terms, followUp: "draft" })), admin);
    expect(await saved.text()).toBe("");
    expect(await quoteSettings()).toEqual({ quotePrefix: "EST-", quoteValidityDays: 14, quoteTerms: terms, quoteFollowUp: "draft" });

    // Reopened, the form shows what was saved; blank terms take the box away again.
    const reopened = await openSettings();
    const again = (id: string) => reopened.blocks.find((candidate) => candidate.block_id === id)?.element;
    expect(again("settings_quote_terms")).toMatchObject({ initial_value: terms });
    expect(again("settings_quote_follow_up")).toMatchObject({ initial_option: { value: "draft" } });
    await vendor.submit(reopened, settingsState(quoteFields({ prefix: "EST-", validity: "14", terms: null, followUp: "none" })), admin);
    expect(await quoteSettings()).toMatchObject({ quoteTerms: null, quoteFollowUp: "none" });

    // An older open form without the quote fields leaves them as they are.
    await vendor.submit(reopened, settingsState(), admin);
    expect(await quoteSettings()).toEqual({ quotePrefix: "EST-", quoteValidityDays: 14, quoteTerms: null, quoteFollowUp: "none" });
  });

  it("shows every mistake at once, next to its field, beside the other sections' mistakes, and saves nothing", async () => {
    const view = await openSettings();
    const before = await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } });
    const response = await vendor.submit(
      view,
      settingsState({
        ...quoteFields({ prefix: "Q 2026!", validity: "thirty", terms: "x".repeat(2001) }),
        settings_terms: { value: { type: "number_input", value: "thirty" } },
      }),
      admin,
    );
    expect(await response.json()).toEqual({
      response_action: "errors",
      errors: {
        settings_terms: "Payment terms are a whole number of days, e.g. 30.",
        settings_quote_validity: "Write a whole number of days, e.g. 30.",
        settings_quote_prefix: "Quote prefix may use letters, digits, - _ / and at most 12 characters",
        settings_quote_terms: "Quote terms must be at most 2000 characters",
      },
    });
    const tooLong = await vendor.submit(view, settingsState(quoteFields({ validity: "400" })), admin);
    expect(await tooLong.json()).toEqual({ response_action: "errors", errors: { settings_quote_validity: "A quote is valid at most 365 days" } });
    expect(await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } })).toEqual(before);
  });

  it("refuses a member without the settings permission, and lets one the workspace gave it to", async () => {
    const view = await openSettings();
    const before = await quoteSettings();
    const change = settingsState(quoteFields({ prefix: "OFFER-", validity: "60", terms: "Binding once accepted.", followUp: "invoice" }));

    const refused = await vendor.submit(view, change, member);
    expect(await refused.json()).toEqual({
      response_action: "errors",
      errors: { settings_alert_channel: expect.stringContaining("Only admins and owners of this Slack workspace may") },
    });
    expect(await quoteSettings()).toEqual(before);

    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { memberPermissions: ["create", "issue", "mark_paid", "settings"] } });
    const allowed = await vendor.submit(view, change, member);
    expect(await allowed.text()).toBe("");
    expect(await quoteSettings()).toEqual({ quotePrefix: "OFFER-", quoteValidityDays: 60, quoteTerms: "Binding once accepted.", quoteFollowUp: "invoice" });
  });
});
