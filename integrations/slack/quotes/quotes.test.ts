import { beforeEach, describe, expect, it } from "vitest";
import { acceptQuote, createQuote, declineQuote, detectQuoteExpiry } from "#app/billing/quotes.server.ts";
import { quotePartLabel } from "#app/i18n/quote-words.ts";
import { testClock } from "#tests/clock.ts";
import { seedMessage } from "#tests/msw/slack.ts";
import { channelId, viewSubmission } from "#tests/slack.ts";
import { invoiceFormState, plain, slackWorkspace } from "#tests/slack-workspace.ts";

// Quotes from Slack and the alerts about them (issue 14), through signed requests against the fake Slack.
const alertChannel = "C0ALERTS";
let time = testClock();
const client = { name: "Ada Lovelace", termsAccepted: false, ip: "198.51.100.4" };

const vendor = slackWorkspace({ now: () => time.now(), bound: true, alertChannelId: alertChannel });
beforeEach(() => {
  time = testClock();
});

const quoteForm = (extra: Record<string, Record<string, unknown>> = {}) =>
  invoiceFormState(
    { product: "Website redesign", price: "4,000.00", issueDate: "2026-11-21", dueDate: "2026-12-05" },
    { customer: { customer: { type: "external_select", selected_option: { text: plain("Acme Corp"), value: vendor.acme.id } } }, ...extra },
  );

async function openForm(text: string): Promise<Record<string, unknown>> {
  await vendor.command(text);
  const [open] = vendor.slack.to("views.open");
  expect(open).toBeDefined();
  vendor.slack.clear();
  return open!.args.view as Record<string, unknown>;
}

const alerts = () => vendor.slack.to("chat.postMessage").filter((call) => call.args.channel === alertChannel);
const blocksText = (call: { args: Record<string, unknown> }) => JSON.stringify(call.args.blocks);

describe("making a quote in Slack", () => {
  it("/invoice quote opens the quote form; submitting makes a sent quote and posts its client link", async () => {
    const sent = await openForm("quote Acme Corp 4000 Website redesign");
    expect(sent).toMatchObject({ title: plain("New quote"), submit: plain("Create quote") });
    expect(JSON.stringify(sent.blocks)).toContain("Valid until");
    const response = await vendor.submit(sent, quoteForm({ quote_deposit: { value: { type: "number_input", value: "30" } } }));
    expect(response.status).toBe(200);
    const quote = await vendor.app.db.quote.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId }, orderBy: { createdAt: "desc" } });
    expect(quote).toMatchObject({ status: "sent", total: 400_000, depositBps: 3000, currency: "USD" });
    expect(quote.validUntil.toISOString().slice(0, 10)).toBe("2026-12-05");
    const [post] = vendor.slack.to("chat.postMessage");
    expect(post!.args.channel).toBe(channelId);
    expect(post!.args.text).toBe(`Quote ${quote.number} for Acme Corp`);
    expect(blocksText(post!)).toMatch(new RegExp(`http://[^"]+/p/[\\w-]+\\.[\\w-]+\\.[\\w-]+`));
    expect(blocksText(post!)).toContain("30% deposit on acceptance");
  });

  it("the invoice form's Make choice makes a quote; the same submission twice makes one", async () => {
    const sent = await openForm("");
    const before = await vendor.app.db.quote.count({ where: { workspaceId: vendor.workspaceId } });
    const values = quoteForm({ document_kind: { value: { type: "radio_buttons", selected_option: { text: plain("Quote"), value: "quote" } } } });
    const submission = viewSubmission({ ...sent, id: "V0QUOTEFORM1" }, values);
    expect((await vendor.send(submission)).status).toBe(200);
    expect((await vendor.submit({ ...sent, id: "V0QUOTEFORM1" }, values)).status).toBe(200);
    expect(await vendor.app.db.quote.count({ where: { workspaceId: vendor.workspaceId } })).toBe(before + 1);
    expect(await vendor.app.db.invoice.count({ where: { workspaceId: vendor.workspaceId } })).toBe(0);
  });

  it("answers mistakes next to their fields, naming the validity date, and makes nothing", async () => {
    const sent = await openForm("quote");
    const response = await vendor.submit(
      sent,
      quoteForm({
        due_date: { value: { type: "datepicker", selected_date: "2026-11-01" } },
        quote_deposit: { value: { type: "number_input", value: "abc" } },
      }),
    );
    expect(await response.json()).toEqual({
      response_action: "errors",
      errors: { quote_deposit: "Deposit is a percentage such as 30 or 12.5." },
    });
    const dated = await vendor.submit(sent, quoteForm({ due_date: { value: { type: "datepicker", selected_date: "2026-11-01" } } }));
    expect(await dated.json()).toEqual({ response_action: "errors", errors: { due_date: "Valid until cannot be before the issue date" } });
    const invoiceWithDeposit = await vendor.submit(await openForm(""), quoteForm({ quote_deposit: { value: { type: "number_input", value: "30" } } }));
    expect(await invoiceWithDeposit.json()).toEqual({
      response_action: "errors",
      errors: { quote_deposit: "A deposit is taken on a quote: choose Quote under Make, or leave it empty." },
    });
  });
});

describe("alerts about quotes", () => {
  async function sentQuote(depositBps = 0) {
    return createQuote(
      vendor.app.db,
      vendor.workspaceId,
      {
        customerId: vendor.acme.id,
        issueDate: "2026-11-21",
        validUntil: "2026-11-30",
        depositBps,
        lines: [{ productName: "Logo", quantity: 1, unitAmount: 150_000 }],
      },
      time.now(),
    );
  }

  it("tells the channel who accepted, which deposit invoice went out, and invoices the rest once from its button", async () => {
    const quote = await sentQuote(4000);
    const { invoice } = await acceptQuote(
      vendor.app.db,
      { workspaceId: vendor.workspaceId, customerId: vendor.acme.id, quoteId: quote.id },
      client,
      time.now(),
      quotePartLabel,
    );
    await vendor.deliverAll();
    const [alert] = alerts().filter((call) => String(call.args.text).includes("accepted"));
    expect(alert!.args.text).toBe(`Ada Lovelace accepted quote ${quote.number} for Acme Corp`);
    expect(blocksText(alert!)).toContain(`Deposit invoice *${invoice!.number}* (40%) was issued and sent.`);
    expect(blocksText(alert!)).toContain('"action_id":"quote_invoice_rest"');
    // Where Slack put the alert (what Slack sends back with a press of its button).
    const posted = await vendor.app.db.slackPost.findFirstOrThrow({
      where: { workspaceId: vendor.workspaceId, kind: "quote_accepted" },
      orderBy: { createdAt: "desc" },
    });
    const where = { channel: posted.channel, ts: posted.ts };
    vendor.slack.clear();

    await vendor.press({ actionId: "quote_invoice_rest", value: quote.id, message: where });
    const rest = await vendor.app.db.invoice.findFirstOrThrow({ where: { quoteId: quote.id, quotePart: "rest" } });
    expect(rest).toMatchObject({ status: "open", total: 90_000 });
    expect(vendor.slack.responses.at(-1)!.body).toMatchObject({
      text: `Invoice *${rest.number}* for the rest of the quote is issued and on its way to the client.`,
    });
    // The alert is redrawn in place: still saying who accepted, without the button.
    const [update] = vendor.slack.to("chat.update");
    expect(update!.args).toMatchObject({ channel: where.channel, ts: where.ts, text: `Ada Lovelace accepted quote ${quote.number} for Acme Corp` });
    expect(blocksText(update!)).toContain(`Deposit invoice *${invoice!.number}* (40%) was issued and sent.`);
    expect(blocksText(update!)).not.toContain("quote_invoice_rest");
    vendor.slack.clear();

    // A second press (a colleague's screen not yet redrawn) is refused in words and makes nothing.
    await vendor.press({ actionId: "quote_invoice_rest", value: quote.id, message: where });
    expect(vendor.slack.responses.at(-1)!.body).toMatchObject({ text: `The rest of quote ${quote.number} is already on invoice ${rest.number}.` });
    expect(blocksText(vendor.slack.to("chat.update")[0]!)).not.toContain("quote_invoice_rest");
    expect(await vendor.app.db.invoice.count({ where: { quoteId: quote.id } })).toBe(2);
  });

  it("Withdraw quote withdraws it and redraws its message without the button; a second press is refused in words", async () => {
    const quote = await sentQuote();
    // Withdrawing takes the void permission (decision 150): this workspace gives it to members.
    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { memberPermissions: ["create", "issue", "mark_paid", "void"] } });
    const where = { channel: channelId, ts: "1798000000.000777" };
    seedMessage(where.channel, where.ts);
    await vendor.press({ actionId: "quote_withdraw", value: quote.id, message: where });
    expect(await vendor.app.db.quote.findUniqueOrThrow({ where: { id: quote.id } })).toMatchObject({ status: "withdrawn" });
    expect(vendor.slack.responses.at(-1)!.body).toMatchObject({
      text: `Quote *${quote.number}* is withdrawn: its link now tells the client it can no longer be accepted.`,
    });
    const [update] = vendor.slack.to("chat.update");
    expect(update!.args).toMatchObject({ channel: where.channel, ts: where.ts, text: `Quote ${quote.number} for Acme Corp` });
    expect(blocksText(update!)).toContain("Withdrawn: its link tells the client it can no longer be accepted.");
    expect(blocksText(update!)).not.toContain("quote_withdraw");
    expect(blocksText(update!)).not.toContain("/p/");
    vendor.slack.clear();

    await vendor.press({ actionId: "quote_withdraw", value: quote.id, message: where });
    expect(vendor.slack.responses.at(-1)!.body).toMatchObject({ text: `Quote ${quote.number} is withdrawn and cannot be withdrawn.` });
    expect(await vendor.app.db.outboxEvent.count({ where: { aggregateId: quote.id, type: "quote.withdrawn" } })).toBe(1);
  });

  it("tells the channel a quote was declined, with the client's reason", async () => {
    const quote = await sentQuote();
    await declineQuote(
      vendor.app.db,
      { workspaceId: vendor.workspaceId, customerId: vendor.acme.id, quoteId: quote.id },
      "We went with an in-house team.",
      time.now(),
    );
    await vendor.deliverAll();
    const [alert] = alerts();
    expect(alert!.args.text).toBe(`Acme Corp declined quote ${quote.number}: We went with an in-house team.`);
    expect(blocksText(alert!)).toContain("> We went with an in-house team.");
  });

  it("warns once before a quote expires, then says it expired", async () => {
    const quote = await sentQuote();
    time.advance(6 * 86_400_000); // 27 November: three days left
    await detectQuoteExpiry(vendor.app.db, time.now());
    await detectQuoteExpiry(vendor.app.db, time.now());
    await vendor.deliverAll();
    const warnings = alerts();
    expect(warnings.map((call) => call.args.text)).toEqual([`Quote ${quote.number} for Acme Corp expires on Nov 30, 2026`]);
    vendor.slack.clear();
    time.advance(4 * 86_400_000); // 1 December
    await detectQuoteExpiry(vendor.app.db, time.now());
    await vendor.deliverAll();
    expect(alerts().map((call) => call.args.text)).toEqual([`Quote ${quote.number} for Acme Corp expired without an answer`]);
  });
});
