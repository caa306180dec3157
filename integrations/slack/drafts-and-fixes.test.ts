import { beforeAll, describe, expect, it } from "vitest";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { getPortalInvoice } from "#app/portal/read-models.server.ts";
import { verifyPortalToken } from "#app/portal/access.server.ts";
import { aCustomer, anInvoice } from "#tests/fixtures.ts";
import { seedMessage, type SlackCall } from "#tests/msw/slack.ts";
import { channelId, untouchedState, vendorId, viewOutput, viewSubmission } from "#tests/slack.ts";
import { everyoneIs, moreMenuChoice, plain, slackWorkspace } from "#tests/slack-workspace.ts";

// Issue 20: drafts and their previews, duplicating, and undoing a payment marked by mistake.
const now = new Date("2026-11-20T15:00:00Z");

const vendor = slackWorkspace({ now: () => now });

type SentView = Record<string, unknown> & {
  blocks: { block_id?: string; type: string; elements?: { action_id?: string; url?: string; options?: { value: string }[] }[] }[];
};

/** The buttons (and menu) of a message Remit posted or redrew. */
const controls = (call: SlackCall) => (call.args.blocks as SentView["blocks"]).find((block) => block.type === "actions")?.elements ?? [];
const actionIds = (call: SlackCall) => controls(call).map((element) => element.action_id);

/** `/invoice`, a customer picked, one line, and "save as draft" ticked: the draft's message in the channel. */
async function aDraftFromSlack(price = "500") {
  await vendor.command("");
  const view = vendor.openedView<SentView>();
  vendor.slack.clear();
  const values = {
    ...untouchedState(view),
    customer: { customer: { type: "external_select", selected_option: { text: plain("Acme Corp"), value: vendor.acme.id } } },
    line_0_product: { value: { type: "plain_text_input", value: "Retainer" } },
    line_0_price: { value: { type: "plain_text_input", value: price } },
    save_as: { value: { type: "checkboxes", selected_options: [{ text: plain("Save as a draft"), value: "draft" }] } },
  };
  const response = await vendor.submit(view, values);
  expect(response.status).toBe(200);
  const posted = vendor.slack.to("chat.postMessage").at(-1)!;
  const invoice = await vendor.app.db.invoice.findFirstOrThrow({
    where: { workspaceId: vendor.workspaceId },
    orderBy: { createdAt: "desc" },
    include: { lines: true, slackMessage: true },
  });
  seedMessage(String(posted.args.channel), invoice.slackMessage!.ts);
  return { invoice, posted };
}

const events = (invoiceId: string, type: string) => vendor.app.db.outboxEvent.count({ where: { aggregateId: invoiceId, type } });

describe("drafts", () => {
  it("saves a draft from the form: not issued, no email, a message with previews and Issue, Edit, Discard", async () => {
    const { invoice, posted } = await aDraftFromSlack();
    expect(invoice).toMatchObject({ status: "draft", issuedAt: null, total: 50_000 });
    expect(await events(invoice.id, "invoice.issued")).toBe(0);
    expect(posted.args.text).toContain(`Draft invoice ${invoice.number} for Acme Corp`);
    expect(actionIds(posted)).toEqual(["invoice_open_pdf", "invoice_view_as_client", "draft_issue", "draft_edit", "draft_discard"]);
    expect(JSON.stringify(posted.args.blocks)).not.toContain("Link for Acme Corp");
    expect(await vendor.app.db.auditEntry.findMany({ where: { invoiceId: invoice.id } })).toMatchObject([
      { action: "invoice_drafted", actor: `slack:${vendorId}` },
    ]);
  });

  it("shows a draft to the vendor's preview of it, and to no client link", async () => {
    const { invoice, posted } = await aDraftFromSlack();
    // The channel's message holds no preview link: pressing the button answers the presser alone with one.
    expect(controls(posted).find((element) => element.action_id === "invoice_view_as_client")!.url).toBeUndefined();
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_view_as_client", value: invoice.id });
    expect(vendor.slack.responses).toHaveLength(1);
    expect(vendor.slack.responses[0]!.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const answered = (vendor.slack.responses[0]!.body.blocks as { type: string; elements?: { action_id: string; url?: string }[] }[]).flatMap(
      (b) => b.elements ?? [],
    );
    const previewUrl = answered.find((element) => element.action_id === "invoice_view_as_client")!.url!;
    const token = /\/p\/([^/]+)\//.exec(previewUrl)![1]!;
    const preview = await verifyPortalToken(vendor.app.db, vendor.app.secrets.signingKeys, token, now);
    expect(preview.ok && preview.access).toMatchObject({ preview: true, invoiceId: invoice.id });
    if (!preview.ok) throw new Error("the preview link must verify");
    expect((await getPortalInvoice(vendor.app.db, preview.access, invoice.id, now))?.invoice.status).toBe("draft");
    const client = { ...preview.access, preview: false };
    expect(await getPortalInvoice(vendor.app.db, client, invoice.id, now)).toBeNull();
    expect(await getPortalInvoice(vendor.app.db, { ...preview.access, invoiceId: null }, invoice.id, now)).toBeNull();
  });

  it("edits a draft in the form filled with it, records who did, and redraws its message", async () => {
    const { invoice } = await aDraftFromSlack();
    vendor.slack.clear();
    await vendor.press({ actionId: "draft_edit", value: invoice.id });
    const view = vendor.openedView<SentView>();
    expect(view.title).toEqual(plain(`Edit draft ${invoice.number}`));
    const state = untouchedState(view);
    expect(state.line_0_price).toEqual({ value: { type: "plain_text_input", value: "500.00" } });
    const values = { ...state, line_0_quantity: { value: { type: "number_input", value: "3" } } };
    const submitted = viewSubmission(view, values);
    await vendor.send(submitted);
    await vendor.send(submitted);
    const edited = await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id }, include: { lines: true } });
    expect(edited).toMatchObject({ status: "draft", number: invoice.number, total: 150_000 });
    expect(edited.lines).toHaveLength(1);
    expect(
      await vendor.app.db.invoice.count({ where: { workspaceId: vendor.workspaceId, customerId: vendor.acme.id, status: "draft" } }),
    ).toBeGreaterThanOrEqual(1);
    expect(vendor.slack.to("chat.update").map((call) => call.args.ts)).toEqual([invoice.slackMessage!.ts, invoice.slackMessage!.ts]);
    expect(await events(invoice.id, "invoice.changed")).toBe(2);
    expect((await vendor.app.db.auditEntry.findMany({ where: { invoiceId: invoice.id } })).map((entry) => entry.action)).toEqual([
      "invoice_drafted",
      "invoice_edited",
      "invoice_edited",
    ]);
  });

  it("issues a draft once, however often Issue is pressed, and an issued invoice can no longer be edited", async () => {
    const { invoice } = await aDraftFromSlack();
    vendor.slack.clear();
    await vendor.press({ actionId: "draft_issue", value: invoice.id });
    await vendor.press({ actionId: "draft_issue", value: invoice.id });
    expect(await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "open", issuedAt: now });
    expect(await events(invoice.id, "invoice.issued")).toBe(1);
    expect(vendor.slack.responses.map((response) => response.body.text)).toEqual([
      `Invoice ${invoice.number} is issued. Its message shows the link to send.`,
      `Invoice ${invoice.number} is already issued: nothing changed.`,
    ]);
    const redrawn = vendor.slack.to("chat.update")[0]!;
    expect(actionIds(redrawn)).toContain("invoice_mark_paid");
    expect(JSON.stringify(redrawn.args.blocks)).toContain("Link for Acme Corp");
    vendor.slack.clear();
    await vendor.press({ actionId: "draft_edit", value: invoice.id });
    expect(vendor.slack.to("views.open")).toEqual([]);
    expect(vendor.slack.responses[0]!.body.text).toBe(`Invoice ${invoice.number} is open: only a draft can be edited. Void it or duplicate it instead.`);
  });

  it("discards a draft by voiding it (its number stays accounted for), and lists drafts", async () => {
    const { invoice } = await aDraftFromSlack();
    vendor.slack.clear();
    await vendor.command("list draft");
    expect(JSON.stringify(vendor.slack.responses[0]!.body.blocks)).toContain(`*${invoice.number}* · Acme Corp`);
    // Each draft's row has its own buttons: preview, issue, edit and discard, as on its message.
    const row = (vendor.slack.responses[0]!.body.blocks as SentView["blocks"]).find((block) => block.block_id === `draft_${invoice.id}`);
    expect(row?.elements?.map((element) => element.action_id)).toEqual([
      "invoice_open_pdf",
      "invoice_view_as_client",
      "draft_issue",
      "draft_edit",
      "draft_discard",
    ]);
    expect(row?.elements?.[0]?.url).toMatch(new RegExp(`/p/[^/]+/invoices/${invoice.id}/pdf$`));
    await vendor.press({ actionId: "draft_discard", value: invoice.id });
    await vendor.press({ actionId: "draft_discard", value: invoice.id });
    expect(await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "void", issuedAt: null });
    expect(vendor.slack.responses.slice(1).map((response) => response.body.text)).toEqual([
      `Draft ${invoice.number} is discarded.`,
      `Invoice ${invoice.number} is already discarded: nothing changed.`,
    ]);
    expect(await vendor.app.db.auditEntry.findFirst({ where: { invoiceId: invoice.id, action: "invoice_voided" } })).toMatchObject({
      reason: "Draft discarded",
    });
  });

  it("refuses a guest's Issue, Edit and Discard", async () => {
    const { invoice } = await aDraftFromSlack();
    vendor.slack.reply("users.info", everyoneIs("guest"));
    for (const actionId of ["draft_issue", "draft_edit", "draft_discard"]) await vendor.press({ actionId, value: invoice.id, userId: "U0GUEST02" });
    expect(vendor.slack.responses.map((response) => response.body.text)).toEqual(Array(3).fill(expect.stringContaining("guests can't")));
    expect((await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe("draft");
  });
});

describe("duplicate", () => {
  it("opens the form filled like the invoice with today's dates, and makes a new invoice from it", async () => {
    const original = await vendor.anInvoice({
      issueDate: "2026-10-01",
      dueDate: "2026-10-31",
      taxRateBps: 825,
      notes: "Thanks!",
      lines: [
        { productName: "Design", quantity: 2.5, unitAmount: 10_000 },
        { productName: "Hosting", quantity: 1, unitAmount: 1_999 },
      ],
    });
    await vendor.press({ actionId: "invoice_duplicate", value: original.id });
    const view = vendor.openedView<SentView>();
    const state = untouchedState(view);
    expect(state).toMatchObject({
      line_0_product: { value: { value: "Design" } },
      line_0_quantity: { value: { value: "2.5" } },
      line_1_price: { value: { value: "19.99" } },
      tax: { value: { value: "8.25" } },
      notes: { value: { value: "Thanks!" } },
      issue_date: { value: { selected_date: "2026-11-20" } },
      due_date: { value: { selected_date: "2026-12-20" } },
    });
    await vendor.submit(view, {
      ...state,
      customer: { customer: { type: "external_select", selected_option: { text: plain("Acme Corp"), value: vendor.acme.id } } },
    });
    const copy = await vendor.app.db.invoice.findFirstOrThrow({
      where: { workspaceId: vendor.workspaceId },
      orderBy: { createdAt: "desc" },
      include: { lines: { orderBy: { position: "asc" } } },
    });
    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({ status: "open", total: original.total, taxRateBps: 825, notes: "Thanks!" });
    expect(copy.lines.map((line) => [line.productName, line.quantityThousandths, line.unitAmount])).toEqual([
      ["Design", 2500, 10_000],
      ["Hosting", 1000, 1_999],
    ]);
  });
});

describe("undo a payment marked paid", () => {
  it("takes back the payment with a reason: the invoice owes it again, its message and the audit trail say so", async () => {
    const invoice = await vendor.anInvoice();
    await vendor.app.db.slackInvoiceMessage.create({ data: { invoiceId: invoice.id, channel: channelId, ts: "1798000000.000501" } });
    seedMessage(channelId, "1798000000.000501");
    const { payment } = await recordManualPayment(
      vendor.app.db,
      { workspaceId: vendor.workspaceId, invoiceId: invoice.id, amount: invoice.total, method: "Bank transfer", recordedBy: `slack:${vendorId}` },
      now,
    );
    expect((await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe("paid");

    await vendor.send(moreMenuChoice(`undo_payment:${invoice.id}`));
    const view = vendor.openedView<SentView>();
    const state = { ...untouchedState(view), undo_reason: { value: { type: "plain_text_input", value: "Marked on the wrong invoice" } } };
    expect(untouchedState(view).undo_payment).toMatchObject({ value: { selected_option: { value: payment.id } } });
    const submitted = viewSubmission(view, state);
    expect((await vendor.send(submitted)).status).toBe(200);
    await vendor.send(submitted);

    expect(await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "open", amountPaid: 0, paidAt: null });
    expect(await vendor.app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "reversed" });
    expect(await events(invoice.id, "payment.reversed")).toBe(1);
    expect(await vendor.app.db.auditEntry.findFirst({ where: { invoiceId: invoice.id, action: "payment_reversed" } })).toMatchObject({
      actor: `slack:${vendorId}`,
      amount: invoice.total,
      reason: "Marked on the wrong invoice",
    });
    // The outbox redraws the invoice's message: open again, with its link and nothing left to undo.
    vendor.slack.clear();
    const dispatcher = createDispatcher(vendor.app.db, { subscribers: vendor.app.subscribers, now: () => now, random: () => 1 });
    while ((await dispatcher.runOnce()).claimed > 0);
    const redrawn = vendor.slack
      .to("chat.update")
      .filter((call) => call.args.ts === "1798000000.000501")
      .at(-1)!;
    expect(JSON.stringify(redrawn.args.blocks)).toContain("*Status*\\nOpen");
    expect(actionIds(redrawn)).toEqual([
      "invoice_open_pdf",
      "invoice_view_as_client",
      "invoice_copy_link",
      "invoice_mark_paid",
      "invoice_send_to_client",
      "invoice_remind_client",
      "invoice_new_link",
      "invoice_void",
      "invoice_duplicate",
      "invoice_split",
      "invoice_make_recurring",
    ]);
    vendor.slack.clear();
    await vendor.command(`status ${invoice.number}`);
    expect(JSON.stringify(vendor.slack.responses[0]!.body.blocks)).toContain(
      `$1,200.00 undone by <@${vendorId}> on Nov 20, 2026: “Marked on the wrong invoice”`,
    );
  });

  it("asks why, refuses a guest, and never offers a card payment", async () => {
    const invoice = await vendor.anInvoice();
    const { payment } = await recordManualPayment(vendor.app.db, { workspaceId: vendor.workspaceId, invoiceId: invoice.id, amount: 100, method: "Cash" }, now);
    await vendor.send(moreMenuChoice(`undo_payment:${invoice.id}`));
    const view = viewOutput(vendor.openedView<SentView>());
    const blank = await vendor.submit(view, {
      ...untouchedState(vendor.openedView<SentView>()),
      undo_reason: { value: { type: "plain_text_input", value: " " } },
    });
    expect(await blank.json()).toEqual({ response_action: "errors", errors: { undo_reason: "Reason is required" } });
    vendor.slack.reply("users.info", everyoneIs("guest"));
    const guest = await vendor.submit(
      view,
      { ...untouchedState(vendor.openedView<SentView>()), undo_reason: { value: { type: "plain_text_input", value: "oops" } } },
      "U0GUEST03",
    );
    expect(await guest.json()).toEqual({ response_action: "errors", errors: { undo_payment: expect.stringContaining("guests can't") } });
    expect((await vendor.app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("succeeded");

    const card = await vendor.anInvoice();
    await vendor.app.db.payment.create({
      data: {
        workspaceId: vendor.workspaceId,
        invoiceId: card.id,
        customerId: card.customerId,
        sequence: 1,
        amount: 500,
        currency: "USD",
        method: "card",
        status: "succeeded",
        online: true,
      },
    });
    vendor.slack.reply("users.info", everyoneIs("member"));
    vendor.slack.clear();
    await vendor.send(moreMenuChoice(`undo_payment:${card.id}`));
    expect(vendor.slack.to("views.open")).toEqual([]);
    expect(vendor.slack.responses[0]!.body.text).toContain("A card payment is refunded instead.");
  });
});

describe("void with a reason, or correct", () => {
  // Voiding is for admins by default (decision 150); this workspace lets its members void.
  beforeAll(async () => {
    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { memberPermissions: { push: "void" } } });
  });
  const why = (form: Record<string, unknown>, reason: string, next: "only" | "correct") => ({
    ...untouchedState(form),
    void_reason: { value: { type: "plain_text_input", value: reason } },
    void_next: { value: { type: "radio_buttons", selected_option: { text: plain("Then"), value: next } } },
  });

  it("corrects an issued invoice: the original is voided only when its correction is created, both naming each other", async () => {
    const original = await vendor.anInvoice({ issueDate: "2026-11-10", dueDate: "2026-12-10" });
    await vendor.press({ actionId: "invoice_void", value: original.id });
    const voidForm = vendor.openedView<SentView>();
    const blank = await vendor.submit(voidForm, why(voidForm, "  ", "only"));
    expect(await blank.json()).toEqual({ response_action: "errors", errors: { void_reason: expect.stringContaining("Say why") } });
    const moved = await vendor.submit(voidForm, why(voidForm, "Wrong hourly rate", "correct"));
    const { view: correction } = (await moved.json()) as { response_action: string; view: Record<string, unknown> };
    expect(correction).toMatchObject({ title: plain(`Correct ${original.number}`), submit: plain("Issue correction") });
    expect((await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: original.id } })).status).toBe("open");

    const state = { ...untouchedState(correction), line_0_price: { value: { type: "plain_text_input", value: "110" } } };
    expect(untouchedState(correction).due_date).toEqual({ value: { type: "datepicker", selected_date: "2026-12-10" } });
    const submitted = viewSubmission(correction, state);
    await vendor.send(submitted);
    await vendor.send(submitted);
    const corrected = await vendor.app.db.invoice.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId }, orderBy: { createdAt: "desc" } });
    expect(corrected).toMatchObject({ status: "open", total: 110_000 });
    expect(await vendor.app.db.invoice.count({ where: { sourceKey: corrected.sourceKey } })).toBe(1);
    expect(await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: original.id } })).toMatchObject({ status: "void", voidedAt: now });
    expect(await vendor.app.db.auditEntry.findFirst({ where: { invoiceId: original.id, action: "invoice_voided" } })).toMatchObject({
      reason: `Replaced by ${corrected.number}: Wrong hourly rate`,
    });
    expect(await vendor.app.db.auditEntry.findFirst({ where: { invoiceId: corrected.id } })).toMatchObject({
      action: "invoice_issued",
      reason: `Corrects ${original.number}`,
    });
    expect(await events(original.id, "invoice.voided")).toBe(1);
  });

  it("creates no correction when the original was paid meanwhile, and says why", async () => {
    const original = await vendor.anInvoice();
    await vendor.press({ actionId: "invoice_void", value: original.id });
    const voidForm = vendor.openedView<SentView>();
    const { view: correction } = (await (await vendor.submit(voidForm, why(voidForm, "Typo", "correct"))).json()) as {
      view: Record<string, unknown>;
    };
    await recordManualPayment(vendor.app.db, { workspaceId: vendor.workspaceId, invoiceId: original.id, amount: 100, method: "Cash" }, now);
    const before = await vendor.app.db.invoice.count();
    const answer = await vendor.submit(correction, untouchedState(correction));
    expect(await answer.json()).toEqual({
      response_action: "errors",
      errors: { customer: expect.stringContaining("has payments: a paid invoice is never changed") },
    });
    expect(await vendor.app.db.invoice.count()).toBe(before);
    expect((await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: original.id } })).status).toBe("open");
  });

  it("voids with the reason shown in the history, and tells a paid invoice what to do instead", async () => {
    const invoice = await vendor.anInvoice();
    await vendor.press({ actionId: "invoice_void", value: invoice.id });
    const voidForm = vendor.openedView<SentView>();
    const submitted = viewSubmission(voidForm, why(voidForm, "Client cancelled the project", "only"));
    await vendor.send(submitted);
    await vendor.send(submitted);
    expect((await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe("void");
    expect(await vendor.app.db.auditEntry.count({ where: { invoiceId: invoice.id, action: "invoice_voided" } })).toBe(1);
    vendor.slack.clear();
    await vendor.command(`status ${invoice.number}`);
    expect(JSON.stringify(vendor.slack.responses[0]!.body.blocks)).toContain(`Voided by <@${vendorId}> on Nov 20, 2026: “Client cancelled the project”`);
    // The voided invoice's credit note (decision 152): named on the message and a button to its PDF (a vendor preview link).
    const note = await vendor.app.db.creditNote.findUniqueOrThrow({ where: { invoiceId: invoice.id } });
    const status = JSON.stringify(vendor.slack.responses[0]!.body.blocks);
    expect(status).toContain(`Cancelled by credit note ${note.number}`);
    const creditButton = (vendor.slack.responses[0]!.body.blocks as SentView["blocks"])
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === "invoice_open_credit_note");
    expect(creditButton?.url).toMatch(new RegExp(`/p/[^/]+/invoices/${invoice.id}/credit-note/pdf$`));

    const paid = await vendor.anInvoice();
    await recordManualPayment(vendor.app.db, { workspaceId: vendor.workspaceId, invoiceId: paid.id, amount: paid.total, method: "Cash" }, now);
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_void", value: paid.id });
    expect(vendor.slack.to("views.open")).toEqual([]);
    expect(vendor.slack.responses[0]!.body.text).toContain("a paid invoice never changes. To give money back, refund the payment");
  });
});

describe("customers and search", () => {
  it("finds a customer with what they owe, and edits their details with every mistake at once", async () => {
    const initech = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Initech <!here>", email: null });
    const owed = await anInvoice(vendor.app.db, vendor.workspaceId, initech.id, { lines: [{ productName: "TPS", quantity: 1, unitAmount: 25_000 }] }, now);
    await recordManualPayment(vendor.app.db, { workspaceId: vendor.workspaceId, invoiceId: owed.id, amount: 5_000, method: "Cash" }, now);
    await vendor.command("customers initech");
    // One customer found: their card (integrations/slack/customers.test.ts walks it).
    const card = vendor.slack.responses[0]!.body as { text: string; blocks: { text?: { text: string } }[] };
    expect(card.text).toBe("Initech &lt;!here&gt;: $200.00 due on 1 open invoice");
    expect(card.blocks[0]).toMatchObject({
      text: { text: ":bust_in_silhouette: *Initech &lt;!here&gt;*\n$200.00 due on 1 open invoice · No invoice paid yet" },
    });

    await vendor.press({ actionId: "customer_edit", value: initech.id });
    const form = vendor.openedView<SentView>();
    const field = (value: string | null) => ({ value: { type: "plain_text_input", value } });
    const wrong = {
      ...untouchedState(form),
      customer_email: { value: { type: "email_text_input", value: "not-an-email" } },
      customer_locale: field("xx-notalang-123456789"),
      customer_currency: field("ZZZ"),
    };
    const refused = await vendor.submit(form, wrong);
    expect(Object.keys(((await refused.json()) as { errors: Record<string, string> }).errors).sort()).toEqual([
      "customer_currency",
      "customer_email",
      "customer_locale",
    ]);
    const right = {
      ...untouchedState(form),
      customer_name: field("Initech"),
      customer_email: { value: { type: "email_text_input", value: "ap@initech.example" } },
      customer_address: field("1 Office Park\nAustin TX"),
      customer_tax_id: field("US-99"),
      customer_locale: field("fr-FR"),
      customer_currency: field("eur"),
    };
    await vendor.submit(form, right);
    expect(await vendor.app.db.customer.findUniqueOrThrow({ where: { id: initech.id } })).toMatchObject({
      name: "Initech",
      email: "ap@initech.example",
      address: "1 Office Park\nAustin TX",
      taxId: "US-99",
      locale: "fr-FR",
      currency: "EUR",
    });
    expect(await vendor.app.db.auditEntry.findFirst({ where: { customerId: initech.id } })).toMatchObject({
      action: "customer_updated",
      actor: `slack:${vendorId}`,
    });

    vendor.slack.reply("users.info", everyoneIs("guest"));
    const guest = await vendor.submit(form, { ...right, customer_name: field("Pwned") }, "U0GUEST04");
    expect(await guest.json()).toEqual({ response_action: "errors", errors: { customer_name: expect.stringContaining("guests can't") } });
    expect((await vendor.app.db.customer.findUniqueOrThrow({ where: { id: initech.id } })).name).toBe("Initech");
  });

  it("finds invoices by customer or number, with a status if given", async () => {
    const hooli = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Hooli XYZ" });
    const open = await anInvoice(vendor.app.db, vendor.workspaceId, hooli.id, {}, now);
    const paid = await anInvoice(vendor.app.db, vendor.workspaceId, hooli.id, {}, now);
    await recordManualPayment(vendor.app.db, { workspaceId: vendor.workspaceId, invoiceId: paid.id, amount: paid.total, method: "Cash" }, now);
    const shown = async (text: string) => {
      vendor.slack.clear();
      await vendor.command(text);
      const body = vendor.slack.responses[0]!.body as { text: string; blocks: unknown[] };
      return { title: body.text, rows: JSON.stringify(body.blocks) };
    };
    const all = await shown("list hooli");
    expect(all.title).toBe("Invoices matching “hooli” (2)");
    expect(all.rows).toContain(`*${open.number}* · Hooli XYZ`);
    expect(all.rows).toContain(`*${paid.number}* · Hooli XYZ`);
    const onlyPaid = await shown("list hooli paid");
    expect(onlyPaid.title).toBe("Paid invoices matching “hooli” (1)");
    expect(onlyPaid.rows).not.toContain(`*${open.number}*`);
    expect((await shown(`list ${open.number.toLowerCase()}`)).title).toBe(`Invoices matching “${open.number.toLowerCase()}” (1)`);

    // By amount, as the vendor writes amounts (here de-DE): the total, with or without a currency sign.
    const odd = await anInvoice(vendor.app.db, vendor.workspaceId, hooli.id, { lines: [{ productName: "Odd job", quantity: 1, unitAmount: 123_456 }] }, now);
    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { locale: "de-DE" } });
    try {
      for (const typed of ["1.234,56", "1234,56", "$1.234,56"]) {
        const found = await shown(`list ${typed}`);
        expect(found.title, typed).toBe(`Invoices matching “${typed}” (1)`);
        expect(found.rows).toContain(`*${odd.number}* · Hooli XYZ`);
      }
      expect((await shown("list 1.234,57")).title).toBe("Invoices matching “1.234,57” (0)");
      expect((await shown("list 1.234,56 paid")).title).toBe("Paid invoices matching “1.234,56” (0)");
    } finally {
      await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { locale: "en-US" } });
    }
  });
});
