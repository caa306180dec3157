import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { mockSlack, type SlackCall, type SlackMock } from "#tests/msw/slack.ts";
import { buttonClick, sendToSlack, slackEnv, slashCommand, untouchedState, vendorId, viewSubmission } from "#tests/slack.ts";

// Issue 20: a client's portal link is posted only where it belongs, and a preview link is shown
// to the person who asked alone (docs/decisions/154).
const now = new Date("2026-11-20T15:00:00Z");
const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
const shared = "C0CONNECT1";
const withGuests = "C0GUESTS01";
const unreadable = "C0NOSCOPE1";
const guestId = "U0CLIENT01";

let app: AppContext;
let slack: SlackMock;
let workspaceId: string;
let acme: { id: string };
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase(), slackEnv);
  app.now = () => now;
  workspaceId = (await aWorkspace(app.db, { name: "Northwind Studio", defaultCurrency: "USD", paymentTermsDays: 30 })).id;
  acme = await aCustomer(app.db, workspaceId, { name: "Acme Corp", email: "ap@acme.example" });
});
afterAll(async () => {
  await app.database.close();
});
beforeEach(() => {
  slack = mockSlack();
  slack.describeChannel(shared, { is_ext_shared: true, members: [vendorId] });
  slack.describeChannel(withGuests, { members: [vendorId, guestId] });
  // Slack's answer for each person: the client invited to the channel is a single-channel guest.
  slack.reply("users.info", (call: SlackCall) => ({
    ok: true,
    user: { id: call.args.user, name: "someone", is_admin: false, is_owner: false, is_restricted: false, is_ultra_restricted: call.args.user === guestId },
  }));
});

/** `/invoice` in `channel`, Acme picked, one line, issued (or saved as a draft): the invoice. */
async function issueIn(channel: string, draft = false) {
  await sendToSlack(app, slashCommand("", { channel_id: channel }));
  const view = slack.to("views.open").at(-1)!.args.view as Record<string, unknown>;
  slack.clear();
  const values = {
    ...untouchedState(view),
    customer: { customer: { type: "external_select", selected_option: { text: plain("Acme Corp"), value: acme.id } } },
    line_0_product: { value: { type: "plain_text_input", value: "Retainer" } },
    line_0_price: { value: { type: "plain_text_input", value: "500" } },
    ...(draft ? { save_as: { value: { type: "checkboxes", selected_options: [{ text: plain("Save as a draft"), value: "draft" }] } } } : {}),
  };
  expect((await sendToSlack(app, viewSubmission(view, values))).status).toBe(200);
  return app.db.invoice.findFirstOrThrow({ where: { workspaceId }, orderBy: { createdAt: "desc" }, include: { slackMessage: true } });
}

const buttonsOf = (blocks: unknown) =>
  (blocks as { type: string; elements?: { action_id: string; value?: string; url?: string }[] }[]).flatMap((block) => block.elements ?? []);

describe("a client's link in a channel", () => {
  it("asks first in a channel shared with another organisation, and posts it there only when told to, once", async () => {
    const invoice = await issueIn(shared);
    expect(slack.to("chat.postMessage")).toEqual([]);
    expect(invoice.slackMessage).toBeNull();
    const [asked] = slack.to("chat.postEphemeral");
    expect(asked!.args).toMatchObject({ channel: shared, user: vendorId });
    expect(String(asked!.args.text)).toBe(
      `Invoice ${invoice.number} is ready, but it is not posted yet: <#${shared}> is shared with people outside your workspace.`,
    );
    expect(buttonsOf(asked!.args.blocks).map((button) => [button.action_id, button.value])).toEqual([
      ["invoice_post_to_me", invoice.id],
      ["invoice_post_here", invoice.id],
    ]);
    expect(JSON.stringify(asked!.args.blocks)).not.toContain("/p/");

    slack.clear();
    await sendToSlack(app, buttonClick({ actionId: "invoice_post_here", value: invoice.id, message: { channel: shared, ts: "1798000000.000100" } }));
    const [posted] = slack.to("chat.postMessage");
    expect(posted!.args.channel).toBe(shared);
    expect(JSON.stringify(posted!.args.blocks)).toContain("Link for Acme Corp");
    expect(slack.to("conversations.info")).toEqual([]);
    expect(slack.responses.at(-1)!.body).toMatchObject({ replace_original: true, text: `Invoice *${invoice.number}* is posted in <#${shared}>.` });
    expect(await app.db.slackInvoiceMessage.findUnique({ where: { invoiceId: invoice.id } })).toMatchObject({ channel: shared });

    // A second press (or the other button) posts nothing more.
    slack.clear();
    await sendToSlack(app, buttonClick({ actionId: "invoice_post_to_me", value: invoice.id, message: { channel: shared, ts: "1798000000.000100" } }));
    expect(slack.to("chat.postMessage")).toEqual([]);
    expect(slack.responses.at(-1)!.body).toMatchObject({ text: `Invoice *${invoice.number}*'s message is already posted.` });
  });

  it("asks first in a channel with a guest in it, and sends the message to the person alone when they choose", async () => {
    const invoice = await issueIn(withGuests);
    expect(slack.to("chat.postMessage")).toEqual([]);
    expect(String(slack.to("chat.postEphemeral")[0]!.args.text)).toContain(`<#${withGuests}> has guests in it`);
    slack.clear();
    await sendToSlack(app, buttonClick({ actionId: "invoice_post_to_me", value: invoice.id, message: { channel: withGuests, ts: "1798000000.000101" } }));
    const [posted] = slack.to("chat.postMessage");
    expect(posted!.args.channel).toBe(vendorId);
    expect(await app.db.slackInvoiceMessage.findUnique({ where: { invoiceId: invoice.id } })).toMatchObject({ channel: `D${vendorId.slice(1)}` });
  });

  it("fails safe when the install lacks the scope to look at the channel (missing_scope): it asks", async () => {
    slack.withoutScope("channels:read");
    try {
      const invoice = await issueIn(unreadable);
      expect(slack.to("conversations.info")).toHaveLength(1);
      expect(slack.to("chat.postMessage")).toEqual([]);
      expect(String(slack.to("chat.postEphemeral")[0]!.args.text)).toBe(
        `Invoice ${invoice.number} is ready, but it is not posted yet: Remit cannot tell who is in <#${unreadable}> (it may need to be reinstalled to read channel details).`,
      );
    } finally {
      slack.withoutScope("channels:read", false);
    }
  });

  it("posts a draft (no client link) anywhere without asking", async () => {
    const draft = await issueIn(shared, true);
    expect(draft.status).toBe("draft");
    expect(slack.to("conversations.info")).toEqual([]);
    expect(slack.to("chat.postMessage").map((call) => call.args.channel)).toEqual([shared]);
  });

  it("refuses a guest's press on Post it here: nothing is posted", async () => {
    const invoice = await issueIn(shared);
    slack.clear();
    await sendToSlack(
      app,
      buttonClick({ actionId: "invoice_post_here", value: invoice.id, userId: guestId, message: { channel: shared, ts: "1798000000.000102" } }),
    );
    expect(slack.to("chat.postMessage")).toEqual([]);
    expect(String(slack.responses.at(-1)!.body.text)).toContain("guests can't");
  });
});

describe("previews", () => {
  it("answers whoever presses View as client with a preview link of their own; a guest gets none", async () => {
    const invoice = await anInvoice(app.db, workspaceId, acme.id);
    await sendToSlack(app, buttonClick({ actionId: "invoice_view_as_client", value: invoice.id }));
    const answer = slack.responses.at(-1)!.body;
    expect(answer).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(buttonsOf(answer.blocks).map((button) => [button.action_id, button.url])).toEqual([
      ["invoice_open_pdf", expect.stringMatching(new RegExp(`^http://remit\\.test/p/.+/invoices/${invoice.id}/pdf$`))],
      ["invoice_view_as_client", expect.stringMatching(new RegExp(`^http://remit\\.test/p/.+/invoices/${invoice.id}$`))],
    ]);

    slack.clear();
    await sendToSlack(app, buttonClick({ actionId: "invoice_view_as_client", value: invoice.id, userId: guestId }));
    expect(JSON.stringify(slack.responses)).not.toContain("/p/");
    expect(String(slack.responses.at(-1)!.body.text)).toContain("guests can't");
  });
});
