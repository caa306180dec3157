import { beforeEach, describe, expect, it } from "vitest";
import { anInvoice } from "#tests/fixtures.ts";
import { type SlackCall } from "#tests/msw/slack.ts";
import { untouchedState, vendorId } from "#tests/slack.ts";
import { plain, slackWorkspace } from "#tests/slack-workspace.ts";

// Issue 20: a client's portal link is posted only where it belongs, and a preview link is shown
// to the person who asked alone (docs/decisions/154).
const now = new Date("2026-11-20T15:00:00Z");
const shared = "C0CONNECT1";
const withGuests = "C0GUESTS01";
const unreadable = "C0NOSCOPE1";
const guestId = "U0CLIENT01";

const vendor = slackWorkspace({ now: () => now });
beforeEach(() => {
  vendor.slack.describeChannel(shared, { is_ext_shared: true, members: [vendorId] });
  vendor.slack.describeChannel(withGuests, { members: [vendorId, guestId] });
  // Slack's answer for each person: the client invited to the channel is a single-channel guest.
  vendor.slack.reply("users.info", (call: SlackCall) => ({
    ok: true,
    user: { id: call.args.user, name: "someone", is_admin: false, is_owner: false, is_restricted: false, is_ultra_restricted: call.args.user === guestId },
  }));
});

/** `/invoice` in `channel`, Acme picked, one line, issued (or saved as a draft): the invoice. */
async function issueIn(channel: string, draft = false) {
  const view = await vendor.open("", { channel_id: channel });
  const values = {
    ...untouchedState(view),
    customer: { customer: { type: "external_select", selected_option: { text: plain("Acme Corp"), value: vendor.acme.id } } },
    line_0_product: { value: { type: "plain_text_input", value: "Retainer" } },
    line_0_price: { value: { type: "plain_text_input", value: "500" } },
    ...(draft ? { save_as: { value: { type: "checkboxes", selected_options: [{ text: plain("Save as a draft"), value: "draft" }] } } } : {}),
  };
  expect((await vendor.submit(view, values)).status).toBe(200);
  return vendor.app.db.invoice.findFirstOrThrow({
    where: { workspaceId: vendor.workspaceId },
    orderBy: { createdAt: "desc" },
    include: { slackMessage: true },
  });
}

const buttonsOf = (blocks: unknown) =>
  (blocks as { type: string; elements?: { action_id: string; value?: string; url?: string }[] }[]).flatMap((block) => block.elements ?? []);

describe("a client's link in a channel", () => {
  it("asks first in a channel shared with another organisation, and posts it there only when told to, once", async () => {
    const invoice = await issueIn(shared);
    expect(vendor.slack.to("chat.postMessage")).toEqual([]);
    expect(invoice.slackMessage).toBeNull();
    const [asked] = vendor.slack.to("chat.postEphemeral");
    expect(asked!.args).toMatchObject({ channel: shared, user: vendorId });
    expect(String(asked!.args.text)).toBe(
      `Invoice ${invoice.number} is ready, but it is not posted yet: <#${shared}> is shared with people outside your workspace.`,
    );
    expect(buttonsOf(asked!.args.blocks).map((button) => [button.action_id, button.value])).toEqual([
      ["invoice_post_to_me", invoice.id],
      ["invoice_post_here", invoice.id],
    ]);
    expect(JSON.stringify(asked!.args.blocks)).not.toContain("/p/");

    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_post_here", value: invoice.id, message: { channel: shared, ts: "1798000000.000100" } });
    const [posted] = vendor.slack.to("chat.postMessage");
    expect(posted!.args.channel).toBe(shared);
    expect(JSON.stringify(posted!.args.blocks)).toContain("Link for Acme Corp");
    expect(vendor.slack.to("conversations.info")).toEqual([]);
    expect(vendor.slack.responses.at(-1)!.body).toMatchObject({ replace_original: true, text: `Invoice *${invoice.number}* is posted in <#${shared}>.` });
    expect(await vendor.app.db.slackInvoiceMessage.findUnique({ where: { invoiceId: invoice.id } })).toMatchObject({ channel: shared });

    // A second press (or the other button) posts nothing more.
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_post_to_me", value: invoice.id, message: { channel: shared, ts: "1798000000.000100" } });
    expect(vendor.slack.to("chat.postMessage")).toEqual([]);
    expect(vendor.slack.responses.at(-1)!.body).toMatchObject({ text: `Invoice *${invoice.number}*'s message is already posted.` });
  });

  it("asks first in a channel with a guest in it, and sends the message to the person alone when they choose", async () => {
    const invoice = await issueIn(withGuests);
    expect(vendor.slack.to("chat.postMessage")).toEqual([]);
    expect(String(vendor.slack.to("chat.postEphemeral")[0]!.args.text)).toContain(`<#${withGuests}> has guests in it`);
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_post_to_me", value: invoice.id, message: { channel: withGuests, ts: "1798000000.000101" } });
    const [posted] = vendor.slack.to("chat.postMessage");
    expect(posted!.args.channel).toBe(vendorId);
    expect(await vendor.app.db.slackInvoiceMessage.findUnique({ where: { invoiceId: invoice.id } })).toMatchObject({ channel: `D${vendorId.slice(1)}` });
  });

  it("fails safe when the install lacks the scope to look at the channel (missing_scope): it asks", async () => {
    vendor.slack.withoutScope("channels:read");
    try {
      const invoice = await issueIn(unreadable);
      expect(vendor.slack.to("conversations.info")).toHaveLength(1);
      expect(vendor.slack.to("chat.postMessage")).toEqual([]);
      expect(String(vendor.slack.to("chat.postEphemeral")[0]!.args.text)).toBe(
        `Invoice ${invoice.number} is ready, but it is not posted yet: Remit cannot tell who is in <#${unreadable}> (it may need to be reinstalled to read channel details).`,
      );
    } finally {
      vendor.slack.withoutScope("channels:read", false);
    }
  });

  it("posts a draft (no client link) anywhere without asking", async () => {
    const draft = await issueIn(shared, true);
    expect(draft.status).toBe("draft");
    expect(vendor.slack.to("conversations.info")).toEqual([]);
    expect(vendor.slack.to("chat.postMessage").map((call) => call.args.channel)).toEqual([shared]);
  });

  it("refuses a guest's press on Post it here: nothing is posted", async () => {
    const invoice = await issueIn(shared);
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_post_here", value: invoice.id, userId: guestId, message: { channel: shared, ts: "1798000000.000102" } });
    expect(vendor.slack.to("chat.postMessage")).toEqual([]);
    expect(String(vendor.slack.responses.at(-1)!.body.text)).toContain("guests can't");
  });
});

describe("previews", () => {
  it("answers whoever presses View as client with a preview link of their own; a guest gets none", async () => {
    const invoice = await anInvoice(vendor.app.db, vendor.workspaceId, vendor.acme.id);
    await vendor.press({ actionId: "invoice_view_as_client", value: invoice.id });
    const answer = vendor.slack.responses.at(-1)!.body;
    expect(answer).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(buttonsOf(answer.blocks).map((button) => [button.action_id, button.url])).toEqual([
      ["invoice_open_pdf", expect.stringMatching(new RegExp(`^http://remit\\.test/p/.+/invoices/${invoice.id}/pdf$`))],
      ["invoice_view_as_client", expect.stringMatching(new RegExp(`^http://remit\\.test/p/.+/invoices/${invoice.id}$`))],
    ]);

    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_view_as_client", value: invoice.id, userId: guestId });
    expect(JSON.stringify(vendor.slack.responses)).not.toContain("/p/");
    expect(String(vendor.slack.responses.at(-1)!.body.text)).toContain("guests can't");
  });
});
