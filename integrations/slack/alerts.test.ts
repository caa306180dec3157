import { beforeEach, describe, expect, it } from "vitest";
import { addDays, calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import type { EventPayloads, EventType } from "#app/ports/events.ts";
import { applyPayment, recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import { reportIntegrationRefusal } from "#app/platform/integration-failures.server.ts";
import { detectOverdue } from "#app/billing/overdue.server.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { rateLimited, seedMessage, slackError } from "#tests/msw/slack.ts";
import { botToken } from "#tests/slack.ts";
import { plain, slackWorkspace } from "#tests/slack-workspace.ts";
import { viewedAgainWindowMs } from "./alerts.ts";
import { day } from "./format.ts";
import { testClock, testNow } from "#tests/clock.ts";

const alertChannel = "C0ALERTS";
// The app's clock starts at the suite's time and is moved forward by `later`.
let time = testClock();
const clock = () => time.now();
const later = (ms: number) => time.advance(ms);
const today = calendarDateIn(testNow, "UTC");
const dueDate = addDays(today, 10);
const due = day(dueDate, "en-US");

const vendor = slackWorkspace({ now: clock, workspace: { name: "Northwind" }, bound: true, alertChannelId: alertChannel });
beforeEach(() => {
  time = testClock();
});

async function anIssuedInvoice(slackMessageTs: string | null = "1798000000.000001") {
  const invoice = await anInvoice(vendor.app.db, vendor.workspaceId, vendor.acme.id, {
    issueDate: formatCalendarDate(today),
    dueDate: formatCalendarDate(dueDate),
  });
  if (slackMessageTs) await vendor.app.db.slackInvoiceMessage.create({ data: { invoiceId: invoice.id, channel: "C0SALES01", ts: slackMessageTs } });
  if (slackMessageTs) seedMessage("C0SALES01", slackMessageTs);
  await vendor.deliverAll();
  vendor.slack.clear();
  return invoice;
}

/** A payment the vendor records by hand, at the suite's time. */
const recordPayment = (invoiceId: string, amount: number, method: string, paidAt?: Date) =>
  recordManualPayment(vendor.app.db, { workspaceId: vendor.workspaceId, invoiceId, amount, method, paidAt }, testNow);

async function happen<Type extends EventType>(type: Type, aggregateId: string, payload: EventPayloads[Type], at = testNow) {
  await vendor.app.db.$transaction((tx) => emit(tx, { type, workspaceId: vendor.workspaceId, aggregateId, payload }, at));
}

const posted = () => vendor.slack.to("chat.postMessage").map((call) => (call.args.blocks as { text?: { text: string } }[])[0]!.text!.text);

describe("views", () => {
  it("alerts on the first view, once even when the event is delivered again", async () => {
    const invoice = await anIssuedInvoice();
    await happen("invoice.viewed", invoice.id, { invoiceId: invoice.id, firstView: true, views: 1 });
    await vendor.deliverAll();
    expect(vendor.slack.to("chat.postMessage").map((call) => call.args)).toEqual([
      {
        token: botToken,
        channel: alertChannel,
        unfurl_links: "false",
        unfurl_media: "false",
        text: `Acme Corp opened invoice ${invoice.number} for the first time ($1,200.00, due ${due}).`,
        blocks: [
          {
            type: "section",
            text: { type: "mrkdwn", text: `:eyes: Acme Corp opened invoice *${invoice.number}* for the first time ($1,200.00, due ${due}).` },
          },
        ],
      },
    ]);

    // The outbox may deliver again (a crash after posting): the event id says it was done.
    await vendor.app.db.delivery.updateMany({ where: { subscriber: "slack", event: { type: "invoice.viewed" } }, data: { status: "pending" } });
    await vendor.deliverAll();
    expect(vendor.slack.to("chat.postMessage")).toHaveLength(1);
  });

  it("summarises later views in one message a day, updated in place", async () => {
    const invoice = await anIssuedInvoice();
    await happen("invoice.viewed", invoice.id, { invoiceId: invoice.id, firstView: false, views: 2 });
    await vendor.deliverAll();
    await happen("invoice.viewed", invoice.id, { invoiceId: invoice.id, firstView: false, views: 3 });
    later(3_600_000);
    await vendor.deliverAll();
    expect(posted()).toEqual([`:eyes: Acme Corp has viewed invoice *${invoice.number}* 2 times ($1,200.00, due ${due}).`]);
    const [first] = vendor.slack.to("chat.postMessage");
    const [update] = vendor.slack.to("chat.update");
    expect(update!.args).toMatchObject({ channel: alertChannel, ts: expect.any(String), text: expect.stringContaining("3 times") });
    const post = await vendor.app.db.slackPost.findFirstOrThrow({ where: { invoiceId: invoice.id, kind: "viewed_again" } });
    expect(update!.args.ts).toBe(post.ts);
    expect(first!.args.channel).toBe(alertChannel);

    later(viewedAgainWindowMs);
    await happen("invoice.viewed", invoice.id, { invoiceId: invoice.id, firstView: false, views: 4 });
    await vendor.deliverAll();
    expect(posted()).toHaveLength(2);
    expect(posted()[1]).toContain("4 times");
  });
});

describe("payments", () => {
  it("updates the invoice message in place and alerts on every payment; the paid alert tells the payments (exact chat.update)", async () => {
    const invoice = await anIssuedInvoice("1798000000.000777");
    await recordPayment(invoice.id, 20_000, "Bank transfer", new Date("2026-11-18T12:00:00Z"));
    await vendor.deliverAll();
    // The payment redraws the message and alerts; its receipt, once emailed, redraws it again ("Emailed to … on …").
    expect(vendor.slack.calls.map((call) => call.method)).toEqual(["chat.update", "chat.postMessage", "chat.update"]);
    const partly = JSON.stringify(vendor.slack.to("chat.update")[0]!.args.blocks);
    expect(partly).toContain("Partly paid: $200.00 of $1,200.00");
    expect(partly).toContain("*Balance due*\\n$1,000.00");
    expect(posted()).toEqual([
      `:heavy_plus_sign: Acme Corp paid $200.00 of invoice *${invoice.number}* by Bank transfer: $200.00 of $1,200.00 paid, $1,000.00 still due.`,
    ]);
    vendor.slack.clear();

    await recordPayment(invoice.id, 100_000, "Bank transfer", new Date("2026-11-20T12:00:00Z"));
    await vendor.deliverAll();
    expect(vendor.slack.calls.map((call) => call.method)).toEqual(["chat.update", "chat.postMessage", "chat.update"]);
    const update = vendor.slack.to("chat.update").at(-1);
    expect(update!.args).toEqual({
      token: botToken,
      channel: "C0SALES01",
      ts: "1798000000.000777",
      text: `Invoice ${invoice.number} for Acme Corp: $1,200.00, due ${due} (paid)`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `:receipt: Invoice *${invoice.number}* for *Acme Corp*` } },
        {
          type: "section",
          fields: [
            { type: "mrkdwn", text: "*Amount*\n$1,200.00" },
            { type: "mrkdwn", text: `*Due*\n${due}` },
            { type: "mrkdwn", text: "*Status*\n:white_check_mark: Paid on Nov 20, 2026" },
          ],
        },
        // The invoice and both receipts went to the client by email (kept as files here: no SMTP).
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: `Emailed to ${(await vendor.app.db.customer.findUniqueOrThrow({ where: { id: vendor.acme.id } })).email} on Nov 21, 2026` },
          ],
        },
        {
          type: "actions",
          block_id: `invoice_${invoice.id}`,
          elements: [
            { type: "button", text: plain("Open PDF"), action_id: "invoice_open_pdf", value: invoice.id },
            { type: "button", text: plain("View as client"), action_id: "invoice_view_as_client", value: invoice.id },
            // Both payments were marked paid by hand: either can be undone.
            {
              type: "overflow",
              action_id: "invoice_more",
              options: [
                { text: plain("Duplicate"), value: `duplicate:${invoice.id}` },
                { text: plain("Undo a payment marked paid"), value: `undo_payment:${invoice.id}` },
              ],
            },
            { type: "button", text: plain("Make recurring"), action_id: "invoice_make_recurring", value: invoice.id },
          ],
        },
      ],
    });
    expect(posted()).toEqual([
      `:white_check_mark: Acme Corp has paid invoice *${invoice.number}* in full: $1,200.00 in 2 payments ($200.00 by Bank transfer on Nov 18, 2026, $1,000.00 by Bank transfer on Nov 20, 2026).`,
    ]);
  });

  it("tells a single full payment in one line, and a part payment by card like any other", async () => {
    const invoice = await anIssuedInvoice();
    await recordPayment(invoice.id, 1_000, "card");
    await recordPayment(invoice.id, 119_000, "card");
    await vendor.deliverAll();
    expect(posted()).toEqual([
      `:heavy_plus_sign: Acme Corp paid $10.00 of invoice *${invoice.number}* by card: $10.00 of $1,200.00 paid, $1,190.00 still due.`,
      expect.stringContaining("in full: $1,200.00 in 2 payments ($10.00 by card on"),
    ]);
    const single = await anIssuedInvoice();
    await recordPayment(single.id, single.total, "Cash");
    await vendor.deliverAll();
    expect(posted().at(-1)).toBe(`:white_check_mark: Acme Corp paid invoice *${single.number}*: $1,200.00 by Cash.`);
  });

  it("alerts on failed and refunded payments with what to do next", async () => {
    const invoice = await anIssuedInvoice();
    await happen("payment.failed", invoice.id, { invoiceId: invoice.id, reason: "Your card was declined." });
    await happen("payment.refunded", invoice.id, { invoiceId: invoice.id, paymentId: "p1", amount: 5_000, amountRefunded: 7_500, currency: "USD" });
    await vendor.deliverAll();
    expect(posted()).toEqual([
      `:warning: A payment by Acme Corp for invoice *${invoice.number}* failed: Your card was declined. $1,200.00 is still due.`,
      `:leftwards_arrow_with_hook: $50.00 of invoice *${invoice.number}* was refunded to Acme Corp.`,
    ]);
    const buttons = (vendor.slack.to("chat.postMessage")[0]!.args.blocks as { elements?: { action_id: string }[] }[])[1]!.elements!;
    expect(buttons.map((button) => button.action_id)).toEqual(["invoice_copy_link", "invoice_mark_paid"]);
  });

  it("alerts on money beyond what the invoice asked for, with the choice to refund it or keep it as credit", async () => {
    const invoice = await anIssuedInvoice();
    await recordPayment(invoice.id, invoice.total, "Bank transfer");
    const { payment } = await vendor.app.db.$transaction((tx) =>
      applyPayment(
        tx,
        { workspaceId: vendor.workspaceId, invoiceId: invoice.id, amount: 30_000, method: "Visa •••• 4242", received: true, online: true },
        clock(),
      ),
    );
    await vendor.deliverAll();
    const alert = vendor.slack.to("chat.postMessage").find((call) => JSON.stringify(call.args.blocks).includes(":moneybag:"));
    expect((alert!.args.blocks as { text?: { text: string } }[])[0]!.text!.text).toBe(
      `:moneybag: Acme Corp paid $300.00 more than invoice *${invoice.number}* asked for (nothing more was due). Refund it, or keep it as Acme Corp's credit?`,
    );
    const buttons = (alert!.args.blocks as { elements?: { action_id: string; value: string }[] }[])[1]!.elements!;
    expect(buttons.map((button) => [button.action_id, button.value])).toEqual([
      ["overpayment_refund", payment.id],
      ["overpayment_keep", payment.id],
    ]);

    vendor.slack.clear();
    // Settling overpayments is for admins by default (decision 150); this workspace lets its members do it.
    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { memberPermissions: { push: "refund" } } });
    await vendor.press({ actionId: "overpayment_keep", value: payment.id });
    expect(await vendor.app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ overpaid: 30_000, overpaymentResolution: "credit" });
    expect(vendor.slack.responses.at(-1)?.body.text).toBe("$300.00 is kept as the customer's credit.");
    await vendor.press({ actionId: "overpayment_refund", value: payment.id });
    expect(vendor.slack.responses.at(-1)?.body.text).toBe("Already settled: $300.00 is kept as the customer's credit.");
  });

  it("updates the message and alerts when an invoice is voided", async () => {
    const invoice = await anIssuedInvoice();
    await voidInvoice(vendor.app.db, vendor.workspaceId, invoice.id, testNow);
    await vendor.deliverAll();
    expect(vendor.slack.calls.map((call) => call.method)).toEqual(["chat.update", "chat.postMessage"]);
    expect(JSON.stringify(vendor.slack.to("chat.update")[0]!.args.blocks)).toContain(":no_entry_sign: Void");
    expect(posted()).toEqual([`:no_entry_sign: Invoice *${invoice.number}* for Acme Corp ($1,200.00) was voided.`]);
  });
});

describe("Slack trouble", () => {
  it("waits out a 429 as Slack asks, then posts once", async () => {
    const invoice = await anIssuedInvoice();
    vendor.slack.replyOnce("chat.postMessage", rateLimited(30));
    await happen("invoice.viewed", invoice.id, { invoiceId: invoice.id, firstView: true, views: 1 });
    expect(await vendor.dispatcher().runOnce()).toMatchObject({ retried: 1 });
    const delivery = await vendor.app.db.delivery.findFirstOrThrow({
      where: { subscriber: "slack", event: { type: "invoice.viewed", aggregateId: invoice.id } },
    });
    const failedAt = (await vendor.app.db.deliveryAttempt.findFirstOrThrow({ where: { deliveryId: delivery.id } })).finishedAt;
    expect(delivery).toMatchObject({ status: "pending", nextAttemptAt: new Date(failedAt.getTime() + 30_000), lastError: "Slack rate limit" });
    expect(await vendor.dispatcher().runOnce()).toMatchObject({ claimed: 0 });
    later(30_000);
    expect(await vendor.dispatcher().runOnce()).toMatchObject({ delivered: 1 });
    expect(vendor.slack.to("chat.postMessage")).toHaveLength(2);
    expect(await vendor.app.db.slackPost.count({ where: { invoiceId: invoice.id } })).toBe(1);
  });

  it("retries an outage with backoff, and dead-letters revoked access", async () => {
    const invoice = await anIssuedInvoice(null);
    vendor.slack.replyOnce("chat.postMessage", () => new Response("upstream connect error", { status: 503 }));
    await happen("invoice.viewed", invoice.id, { invoiceId: invoice.id, firstView: true, views: 1 });
    expect(await vendor.dispatcher().runOnce()).toMatchObject({ retried: 1 });
    later(1000);
    expect(await vendor.dispatcher().runOnce()).toMatchObject({ delivered: 1 });

    vendor.slack.reply("chat.postMessage", slackError("token_revoked"));
    await happen("invoice.voided", invoice.id, { invoiceId: invoice.id });
    expect(await vendor.dispatcher().runOnce()).toMatchObject({ dead: 1 });
    const dead = await vendor.app.db.delivery.findFirstOrThrow({ where: { status: "dead", event: { aggregateId: invoice.id } } });
    expect(dead.lastError).toContain("reinstall the app");
  });

  it.each([
    ["is_archived", "Slack cannot post there (is_archived)"],
    ["not_in_channel", "Slack cannot post there (not_in_channel)"],
  ] as const)("dead-letters an alert the alert channel cannot take (%s), saying what to fix, once", async (error, said) => {
    const invoice = await anIssuedInvoice();
    vendor.slack.loseChannel(alertChannel, error);
    await happen("invoice.viewed", invoice.id, { invoiceId: invoice.id, firstView: true, views: 1 });
    expect(await vendor.dispatcher().runOnce()).toMatchObject({ dead: 1 });
    const dead = await vendor.app.db.delivery.findFirstOrThrow({ where: { status: "dead", event: { aggregateId: invoice.id } } });
    expect(dead.lastError).toContain(said);
    expect(dead.lastError).toContain("invite @Remit to the alert channel");
    expect(vendor.slack.to("chat.postMessage")).toHaveLength(1);
    vendor.slack.regainChannel(alertChannel);
  });

  it("still alerts when the invoice's own message was deleted (message_not_found), and dead-letters a message Slack refuses", async () => {
    const invoice = await anIssuedInvoice("1798000000.000901");
    vendor.slack.deleteMessage("C0SALES01", "1798000000.000901");
    await voidInvoice(vendor.app.db, vendor.workspaceId, invoice.id, testNow);
    await vendor.deliverAll();
    expect(vendor.slack.calls.map((call) => call.method)).toEqual(["chat.update", "chat.postMessage"]);
    expect(posted()).toEqual([`:no_entry_sign: Invoice *${invoice.number}* for Acme Corp ($1,200.00) was voided.`]);

    const other = await anIssuedInvoice(null);
    vendor.slack.replyOnce("chat.postMessage", slackError("invalid_blocks"));
    await happen("invoice.viewed", other.id, { invoiceId: other.id, firstView: true, views: 1 });
    expect(await vendor.dispatcher().runOnce()).toMatchObject({ dead: 1 });
    expect((await vendor.app.db.delivery.findFirstOrThrow({ where: { status: "dead", event: { aggregateId: other.id } } })).lastError).toContain(
      "Slack refused the message (invalid_blocks)",
    );
  });

  it("does nothing for a workspace not connected to Slack, and skips alerts with no alert channel", async () => {
    const invoice = await anIssuedInvoice();
    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { alertChannelId: null } });
    await voidInvoice(vendor.app.db, vendor.workspaceId, invoice.id, testNow);
    await vendor.deliverAll();
    expect(vendor.slack.calls.map((call) => call.method)).toEqual(["chat.update"]);

    const other = await aWorkspace(vendor.app.db, { name: "Offline" });
    const customer = await aCustomer(vendor.app.db, other.id);
    const unlinked = await anInvoice(vendor.app.db, other.id, customer.id);
    vendor.slack.clear();
    await voidInvoice(vendor.app.db, other.id, unlinked.id, testNow);
    await vendor.deliverAll();
    expect(vendor.slack.calls).toEqual([]);
    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { alertChannelId: alertChannel } });
  });
});

describe("late invoices", () => {
  it("reminds the team on day 1, 7 and 14 late, once each even with two instances checking at once", async () => {
    const invoice = await anIssuedInvoice();
    for (const n of [0, 1, 2, 7, 8, 14, 20]) {
      later(addDays(dueDate, n).getTime() + 9 * 3_600_000 - clock().getTime());
      await Promise.all([detectOverdue(vendor.app.db, clock()), detectOverdue(vendor.app.db, clock())]);
      await vendor.deliverAll();
    }
    expect(posted().filter((text) => text.includes(invoice.number))).toEqual(
      [1, 7, 14].map((n) => `:alarm_clock: Invoice *${invoice.number}* for Acme Corp is ${n} day${n > 1 ? "s" : ""} late: $1,200.00 was due ${due}.`),
    );
    const reminder = vendor.slack.to("chat.postMessage").find((call) => JSON.stringify(call.args.blocks).includes(invoice.number))!;
    const buttons = (reminder.args.blocks as { elements?: { action_id: string; text: { text: string } }[] }[])[1]!.elements!;
    expect(buttons.map((button) => [button.action_id, button.text.text])).toEqual([
      ["invoice_copy_link", "Link to send"],
      ["invoice_mark_paid", "Mark as paid"],
    ]);
    await voidInvoice(vendor.app.db, vendor.workspaceId, invoice.id, testNow);
    await vendor.deliverAll();
  });

  it("says nothing about a reminder that arrives after the invoice was paid", async () => {
    const invoice = await anIssuedInvoice();
    await happen("invoice.overdue", invoice.id, { invoiceId: invoice.id, daysLate: 3 });
    await recordPayment(invoice.id, invoice.total, "Cash");
    await vendor.deliverAll();
    expect(posted()).toEqual([`:white_check_mark: Acme Corp paid invoice *${invoice.number}*: $1,200.00 by Cash.`]);
  });
});

describe("workspace alerts", () => {
  it("tells the team when a client asks for a new link, and when an integration lost access — once each", async () => {
    await vendor.deliverAll();
    vendor.slack.clear();
    await happen("portal.link_requested", vendor.acme.id, { customerId: vendor.acme.id, reason: "expired" });
    await happen("integration.failed", vendor.workspaceId, { integration: "notion", reason: "Notion says the token is invalid." });
    await vendor.deliverAll();
    await vendor.deliverAll();
    expect(posted().sort()).toEqual([
      ":envelope: Acme Corp asked for a new portal link (theirs had expired). Send one with `/invoice link Acme Corp`.",
      ":rotating_light: The Notion connection stopped working: Notion says the token is invalid. Updates wait until it is reconnected (`/invoice settings`).",
    ]);
    expect(vendor.slack.to("chat.postMessage").every((call) => call.args.channel === alertChannel)).toBe(true);
  });

  it("tells the team once when an email to a client was refused for good, naming the client, the invoice and what to do", async () => {
    const invoice = await anIssuedInvoice();
    await vendor.deliverAll();
    vendor.slack.clear();
    await happen(
      "email.failed",
      invoice.id,
      {
        kind: "invoice",
        to: "ap@acme.example",
        reason: "The mail server answered 550 5.1.1 No such mailbox (at RCPT)",
        customerId: vendor.acme.id,
        invoiceId: invoice.id,
        eventId: "event-1",
      },
      vendor.app.now(),
    );
    await vendor.deliverAll();
    await vendor.deliverAll();
    expect(posted()).toEqual([
      `:mailbox_with_no_mail: The email to Acme Corp about invoice *${invoice.number}* could not be delivered to ap@acme.example: The mail server answered 550 5.1.1 No such mailbox (at RCPT). Fix the address and send it again, or send it again as it is once the mail server takes it.`,
    ]);
    // The alert's buttons say which failed email they send again.
    const buttons = (vendor.slack.to("chat.postMessage")[0]!.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find(
      (block) => block.type === "actions",
    )!.elements!;
    expect(buttons.map((button) => [button.action_id, JSON.parse(button.value)])).toEqual([
      ["email_fix_address", { eventId: "event-1", customerId: vendor.acme.id, invoiceId: invoice.id }],
      ["email_resend", { eventId: "event-1", customerId: vendor.acme.id, invoiceId: invoice.id }],
    ]);
  });

  it("tells the team when an integration refused one invoice's update, naming the invoice and what to fix", async () => {
    const invoice = await anIssuedInvoice();
    await vendor.deliverAll();
    vendor.slack.clear();
    const reason = 'Notion refused a value Remit wrote (the "Customer" column\'s rich_text is not a rich text). Check that column in the Notion database';
    const report = () =>
      reportIntegrationRefusal(vendor.app.db, { workspaceId: vendor.workspaceId, integration: "notion", reason, invoiceId: invoice.id, now: vendor.app.now() });
    await report();
    await report();
    await vendor.deliverAll();
    expect(posted()).toEqual([
      `:warning: Notion refused the update of invoice ${invoice.number}: Notion refused a value Remit wrote (the "Customer" column's rich_text is not a rich text). Check that column in the Notion database. Other updates go on; after the fix, \`remit events --status dead\` lists what was refused and \`remit events retry <id>\` sends it again.`,
    ]);
  });
});
