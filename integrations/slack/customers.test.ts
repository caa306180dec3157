import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordActivity } from "#app/billing/activity.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { aCustomer, anInvoice } from "#tests/fixtures.ts";
import { seedMessage, type SlackCall } from "#tests/msw/slack.ts";
import { startTestSmtp, type TestSmtp } from "#tests/smtp.ts";
import { slackWorkspace } from "#tests/slack-workspace.ts";
import { channelId, untouchedState, vendorId } from "#tests/slack.ts";

// Issue 20: the customer's card — details, history, how fast they pay — and what its buttons do.
const now = new Date("2026-11-20T15:00:00Z");
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.stop();
});
const vendor = slackWorkspace({ now: () => now, env: () => smtp.env });
beforeEach(() => {
  smtp.received.length = 0;
});

type Sent = {
  text: string;
  blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { action_id: string; value?: string }[] }[];
};
const lastAnswer = () => vendor.slack.responses.at(-1)!.body as Sent;
const texts = (sent: Sent) => sent.blocks.flatMap((block) => [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((field) => field.text)]);

/** A client with a paid invoice (paid 10 days after issue), an open part-paid one, and views. */
async function aClientWithHistory(name: string) {
  const client = await aCustomer(vendor.app.db, vendor.workspaceId, { name, email: `ap@${name.toLowerCase().replace(/\W/g, "")}.example` });
  const paid = await anInvoice(vendor.app.db, vendor.workspaceId, client.id, { issueDate: "2026-10-01", dueDate: "2026-10-31" }, day("2026-10-01"));
  await recordManualPayment(
    vendor.app.db,
    { workspaceId: vendor.workspaceId, invoiceId: paid.id, amount: paid.total, method: "Bank transfer", paidAt: day("2026-10-11") },
    day("2026-10-11"),
  );
  const open = await anInvoice(vendor.app.db, vendor.workspaceId, client.id, { issueDate: "2026-11-10", dueDate: "2026-12-10" }, day("2026-11-10"));
  await recordManualPayment(
    vendor.app.db,
    { workspaceId: vendor.workspaceId, invoiceId: open.id, amount: 20_000, method: "Cash", paidAt: day("2026-11-15") },
    day("2026-11-15"),
  );
  const subject = { workspaceId: vendor.workspaceId, customerId: client.id, invoiceId: open.id };
  await recordActivity(vendor.app.db, subject, "invoice_viewed", day("2026-11-12"));
  await recordActivity(vendor.app.db, subject, "pdf_downloaded", day("2026-11-13"));
  // The vendor's own preview is not the client's view.
  await recordActivity(vendor.app.db, subject, "invoice_viewed", day("2026-11-14"), true);
  return { client, paid, open };
}

describe("the customer's card", () => {
  it("opens from the list and shows details, what they owe, recent invoices, payments and views with counts, and days to pay", async () => {
    const { client, paid, open } = await aClientWithHistory("Umbrella Corp");
    await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Umbrella Two", email: null });
    await vendor.command("customers umbrella");
    const list = lastAnswer();
    expect(list.text).toBe("Customers matching “umbrella” (2)");
    expect(list.blocks[1]).toMatchObject({
      text: { text: "*Umbrella Corp* · ap@umbrellacorp.example\n$1,000.00 due on 1 open invoice" },
      accessory: { action_id: "customer_card", value: client.id },
    });

    await vendor.press({ actionId: "customer_card", value: client.id });
    const card = lastAnswer();
    expect(vendor.slack.responses.at(-1)!.body).toMatchObject({ response_type: "ephemeral" });
    expect(texts(card)).toEqual([
      ":bust_in_silhouette: *Umbrella Corp*\n$1,000.00 due on 1 open invoice · Pays in 10 days on average (1 paid invoice)",
      "*Email*\nap@umbrellacorp.example",
      "*Address*\nnone",
      "*Tax / VAT ID*\nnone",
      "*Language · currency*\nthe workspace's · the workspace's",
      `*Invoices* (2)\n• *${open.number}* · $1,200.00 · $1,000.00 due Dec 10, 2026\n• *${paid.number}* · $1,200.00 · paid Oct 11, 2026`,
      `*Payments* (2)\n• $200.00 by Cash on Nov 15, 2026 for *${open.number}*\n• $1,200.00 by Bank transfer on Oct 11, 2026 for *${paid.number}*`,
      `*Views* (2)\n• Downloaded the PDF of *${open.number}* on Nov 13, 2026\n• Viewed *${open.number}* on Nov 12, 2026`,
    ]);
    expect(card.blocks.at(-1)!.elements!.map((element) => [element.action_id, element.value])).toEqual([
      ["customer_edit", client.id],
      ["customer_portal_link", client.id],
      ["customer_new_invoice", client.id],
    ]);
  });

  it("shows the latest five of each list with how many there are in all", async () => {
    const client = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Cyberdyne", email: "ap@cyberdyne.example" });
    for (let n = 1; n <= 7; n++)
      await anInvoice(vendor.app.db, vendor.workspaceId, client.id, { issueDate: `2026-11-0${n}`, dueDate: "2026-12-31" }, day(`2026-11-0${n}`));
    await vendor.command("customers cyberdyne");
    const invoices = texts(lastAnswer()).find((text) => text.startsWith("*Invoices*"))!;
    expect(invoices.split("\n")[0]).toBe("*Invoices* (7, latest 5)");
    expect(invoices.split("\n")).toHaveLength(6);
  });

  it("emails the client their link through the outbox (each press a new email), with who asked", async () => {
    const client = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Soylent", email: "billing@soylent.example", locale: "fr-FR" });
    await vendor.press({ actionId: "customer_portal_link", value: client.id });
    expect(lastAnswer().text).toBe(
      "A link to all their invoices is on its way to billing@soylent.example (Soylent). You asked, so it goes even if one went before.",
    );
    await vendor.press({ actionId: "customer_portal_link", value: client.id });
    await vendor.deliverAll();
    const mine = smtp.received.filter((email) => email.envelope.to.includes("billing@soylent.example"));
    expect(mine.map((email) => [email.envelope.to, email.mail.subject])).toEqual([
      [["billing@soylent.example"], "Votre nouveau lien vers vos factures de Northwind Studio"],
      [["billing@soylent.example"], "Votre nouveau lien vers vos factures de Northwind Studio"],
    ]);
    expect(mine[0]!.mail.text).toContain("Northwind Studio vous envoie ce lien vers vos factures.");
    expect(mine[0]!.mail.text).not.toContain("Si vous n’en avez pas fait la demande");
    expect(mine[0]!.mail.text).toMatch(/http:\/\/remit\.test\/p\/[\w-]+\.[\w-]+\.[\w-]+/);
    // Not the "someone asked for a new link" alert: the person who asked was answered already.
    expect(vendor.slack.to("chat.postMessage")).toEqual([]);
    expect(await vendor.app.db.auditEntry.findMany({ where: { customerId: client.id }, select: { action: true, actor: true } })).toEqual([
      { action: "portal_link_emailed", actor: `slack:${vendorId}` },
      { action: "portal_link_emailed", actor: `slack:${vendorId}` },
    ]);
  });

  it("says so when the client has no email address, and emails nothing", async () => {
    const client = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Tyrell", email: null });
    await vendor.press({ actionId: "customer_portal_link", value: client.id });
    expect(lastAnswer().text).toBe("• Tyrell has no email address: add one with Edit details first.");
    expect(await vendor.app.db.outboxEvent.count({ where: { aggregateId: client.id } })).toBe(0);
  });

  it("starts an invoice for the customer: the form opens with them chosen and their currency", async () => {
    const client = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Wonka GmbH", email: "ap@wonka.example", currency: "EUR" });
    await vendor.press({ actionId: "customer_new_invoice", value: client.id });
    const view = vendor.slack.to("views.open").at(-1)!.args.view as Record<string, unknown>;
    const state = untouchedState(view);
    expect(state.customer).toEqual({ customer: { type: "external_select", selected_option: expect.objectContaining({ value: client.id }) } });
    expect(JSON.stringify(state.currency)).toContain("EUR");
  });
});

describe("a customer's new details reach everywhere", () => {
  it("redraws the messages of their open invoices and tells the mirrors of every invoice of theirs", async () => {
    const { client, paid, open } = await aClientWithHistory("Globex");
    await vendor.app.db.slackInvoiceMessage.create({ data: { invoiceId: open.id, channel: channelId, ts: "1798000200.000001" } });
    seedMessage(channelId, "1798000200.000001");
    const changedBefore = await vendor.app.db.outboxEvent.count({ where: { type: "invoice.changed" } });

    await vendor.press({ actionId: "customer_edit", value: client.id });
    const form = vendor.slack.to("views.open").at(-1)!.args.view as Record<string, unknown>;
    vendor.slack.clear();
    const field = (value: string) => ({ value: { type: "plain_text_input", value } });
    await vendor.submit(form, { ...untouchedState(form), customer_name: field("Globex Corporation") });

    const [update] = vendor.slack.to("chat.update");
    expect(update!.args).toMatchObject({ channel: channelId, ts: "1798000200.000001" });
    expect(String(update!.args.text)).toBe(`Invoice ${open.number} for Globex Corporation: $1,200.00, due Dec 10, 2026`);
    expect(await vendor.app.db.outboxEvent.findMany({ where: { type: "invoice.changed" }, skip: changedBefore, select: { aggregateId: true } })).toEqual(
      expect.arrayContaining([{ aggregateId: paid.id }, { aggregateId: open.id }]),
    );
    expect(await vendor.app.db.outboxEvent.count({ where: { type: "invoice.changed" } })).toBe(changedBefore + 2);

    // A change the messages and rows do not show (the tax ID) redraws and mirrors nothing.
    vendor.slack.clear();
    await vendor.submit(form, { ...untouchedState(form), customer_name: field("Globex Corporation"), customer_tax_id: field("DE123") });
    expect(vendor.slack.to("chat.update")).toEqual([]);
    expect(await vendor.app.db.outboxEvent.count({ where: { type: "invoice.changed" } })).toBe(changedBefore + 2);
  });

  it("refuses a guest's edit in the form, changing nothing", async () => {
    const client = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Massive Dynamic", email: null });
    await vendor.press({ actionId: "customer_edit", value: client.id });
    const form = vendor.slack.to("views.open").at(-1)!.args.view as Record<string, unknown>;
    vendor.slack.reply("users.info", (call: SlackCall) => ({
      ok: true,
      user: { id: call.args.user, is_admin: false, is_owner: false, is_restricted: true, is_ultra_restricted: false },
    }));
    const refused = await vendor.submit(form, { ...untouchedState(form), customer_name: { value: { type: "plain_text_input", value: "Pwned" } } }, "U0GUEST09");
    expect(await refused.json()).toEqual({ response_action: "errors", errors: { customer_name: expect.stringContaining("guests can't") } });
    expect((await vendor.app.db.customer.findUniqueOrThrow({ where: { id: client.id } })).name).toBe("Massive Dynamic");
  });
});
