import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { readPdf } from "#app/documents/pdf-text.test-helper.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { applyRefund, recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { detectClientReminders, requestClientEmail, resendFailedEmail } from "#app/billing/reminders.server.ts";
import { detectInstalmentNotices } from "#app/billing/instalments.server.ts";
import { updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";
import * as home from "#app/routes/p.$token._index.tsx";
import * as invoicePage from "#app/routes/p.$token.invoices.$invoiceId._index.tsx";
import * as newLink from "#app/routes/p.$token.new-link.tsx";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor, inParts } from "#tests/fixtures.ts";
import { startTestSmtp, type TestSmtp } from "#tests/smtp.ts";

// A fixed clock far from real time: nothing here depends on the day the suite runs.
const start = Date.parse("2099-03-02T10:00:00Z");
let at = start;
let app: AppContext;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  app = await createTestApp(await createTestDatabase(), smtp.env);
  app.now = () => new Date(at);
});
afterAll(async () => {
  app.email.close();
  await smtp.stop();
  await app.database.close();
});
beforeEach(async () => {
  at = start;
  smtp.received.length = 0;
  smtp.answer(() => null);
  await app.db.delivery.deleteMany();
  await app.db.invoice.deleteMany(); // reminders look at every open invoice: only this test's count
});

const dispatcher = () => createDispatcher(app.db, { subscribers: [app.email.subscriber], now: () => new Date(at), random: () => 0.5, baseDelayMs: 1000 });

/** Delivers every email delivery that is due now, until none is left. */
async function deliverDue() {
  const total = { delivered: 0, retried: 0, dead: 0 };
  for (;;) {
    const result = await dispatcher().runOnce();
    total.delivered += result.delivered;
    total.retried += result.retried;
    total.dead += result.dead;
    if (result.claimed === 0) return total;
  }
}

const dated = { issueDate: "2099-03-02", dueDate: "2099-04-01" };

const emailDeliveries = (status: "pending" | "delivered" | "dead") => app.db.delivery.count({ where: { subscriber: "email", status } });

async function studio(options: { attachPdf?: boolean } = {}) {
  const { workspace, customer } = await aVendor(app.db, { name: "Studio Nord", defaultCurrency: "EUR", locale: "en-GB", timezone: "Europe/Berlin" });
  await updateWorkspaceSettings(app.db, workspace.id, { emailReplyTo: "hello@studio-nord.example", emailAttachPdf: options.attachPdf ?? false });
  return { workspace, customer };
}

function linkIn(text: string): string {
  const match = /http:\/\/remit\.test\/p\/[A-Za-z0-9._-]+(\/invoices\/[0-9a-f-]+)?/.exec(text);
  if (!match) throw new Error(`No portal link in:\n${text}`);
  return match[0];
}

/** Opens a link as the client's browser would: the portal answers with the invoice's page. */
async function openInvoicePage(url: string) {
  const path = new URL(url).pathname;
  const token = path.split("/")[2]!;
  let invoiceId = path.split("/")[4];
  if (!invoiceId) {
    const redirect = await Promise.resolve(home.loader(routeArgs(app, path, undefined, { token }) as never)).catch((thrown: unknown) => thrown);
    expect(redirect).toBeInstanceOf(Response);
    invoiceId = (redirect as Response).headers.get("Location")!.split("/")[4]!;
  }
  return (await invoicePage.loader(routeArgs(app, `/p/${token}/invoices/${invoiceId}`, undefined, { token, invoiceId }) as never)) as {
    invoice: { id: string; number: string };
  };
}

describe("the invoice email", () => {
  it("goes to the client once over SMTP, from the vendor's name, with the amount, due date, a working link and the PDF", async () => {
    const { workspace, customer } = await studio({ attachPdf: true });
    const invoice = await anInvoice(app.db, workspace.id, customer.id, {
      currency: "EUR",
      issueDate: "2099-03-01",
      dueDate: "2099-12-31",
      lines: [{ productName: "Brand identity", quantity: 1, unitAmount: 125_000 }],
    });

    expect(await deliverDue()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    // Delivered again (a lease ran out, a retry): nothing more is sent.
    await app.db.delivery.updateMany({ where: { subscriber: "email" }, data: { status: "pending" } });
    await deliverDue();

    expect(smtp.received).toHaveLength(1);
    const [{ mail, envelope }] = smtp.received as [(typeof smtp.received)[number]];
    expect(envelope).toEqual({ from: "billing@remit.test", to: [customer.email] });
    expect(mail.subject).toBe("Invoice INV-0001 from Studio Nord — €1,250.00 due 31 Dec");
    expect(mail.from?.value).toEqual([{ name: "Studio Nord", address: "billing@remit.test" }]);
    expect(mail.replyTo?.value).toEqual([{ name: "Studio Nord", address: "hello@studio-nord.example" }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : null).toEqual([{ name: "", address: customer.email }]);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@remit\.test>$/);
    expect(mail.date?.toISOString()).toBe(new Date(start).toISOString());
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.text).toContain("Studio Nord has sent you invoice INV-0001 for €1,250.00, due on 31 December 2099.");
    expect(mail.text).toContain("View invoice"); // no Stripe here: no Pay wording
    expect(mail.text).toContain("Studio Nord sent you this email through Remit. Reply to it to write to Studio Nord.");
    expect(mail.html).toContain('lang="en-GB"');
    expect(mail.html).toContain("€1,250.00");
    expect(mail.html).not.toMatch(/<img/i); // no tracking pixel

    const link = linkIn(mail.text!);
    expect(mail.html).toContain(link);
    const page = await openInvoicePage(link);
    expect(page.invoice).toMatchObject({ id: invoice.id, number: "INV-0001" });

    expect(mail.attachments.map((file) => [file.filename, file.contentType])).toEqual([["INV-0001.pdf", "application/pdf"]]);
    const [pdfPage] = await readPdf(new Uint8Array(mail.attachments[0]!.content));
    expect(pdfPage!.text).toContain("INV-0001");
    expect(pdfPage!.text).toContain("€1,250.00");

    const record = await app.db.emailMessage.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    expect(record).toMatchObject({ status: "sent", kind: "invoice", transport: "smtp", messageId: mail.messageId, attempts: 1 });
    expect(record.response).toMatch(/^250 /);
    expect(await app.db.activityEvent.count({ where: { invoiceId: invoice.id, kind: "email_sent" } })).toBe(1);
  });

  it("is not sent when the vendor chose not to, and again only when a person asks", async () => {
    const { workspace, customer } = await studio();
    const invoice = await anInvoice(app.db, workspace.id, customer.id, { ...dated, emailClient: false });
    const voided = await anInvoice(app.db, workspace.id, customer.id, dated);
    await voidInvoice(app.db, workspace.id, voided.id, new Date(at)); // voided before its email went out
    await deliverDue();
    expect(smtp.received).toHaveLength(0);

    await requestClientEmail(app.db, workspace.id, invoice.id, "invoice", new Date(at));
    await requestClientEmail(app.db, workspace.id, invoice.id, "invoice", new Date(at));
    await deliverDue();
    expect(smtp.received.map((email) => email.mail.subject)).toEqual([
      expect.stringMatching(/^Invoice INV-\d+ from Studio Nord/),
      expect.stringMatching(/^Invoice INV-\d+ from Studio Nord/),
    ]);
  });
});

describe("SMTP failures", () => {
  it("waits out an outage (refused connections) and then sends every email exactly once", async () => {
    const { workspace, customer } = await studio();
    await smtp.stop();
    try {
      for (let i = 0; i < 3; i++) await anInvoice(app.db, workspace.id, customer.id, dated);
      // Ten minutes of outage, the dispatcher trying every few seconds of simulated time.
      for (let minute = 0; minute < 10; minute++) {
        at += 60_000;
        await deliverDue();
      }
      expect(await emailDeliveries("pending")).toBe(3);
      expect(await emailDeliveries("dead")).toBe(0);
      const failing = await app.db.emailMessage.findMany({ where: { workspaceId: workspace.id } });
      expect(failing.map((email) => [email.status, /ECONNREFUSED/.test(email.lastError ?? "")])).toEqual([
        ["sending", true],
        ["sending", true],
        ["sending", true],
      ]);
    } finally {
      await smtp.start();
    }
    at += 60 * 60_000;
    await deliverDue();
    expect(await emailDeliveries("delivered")).toBe(3);
    expect(smtp.received).toHaveLength(3);
    expect(new Set(smtp.received.map((email) => email.mail.messageId)).size).toBe(3);
  });

  it("retries a 4xx (mailbox busy) and sends once it is accepted", async () => {
    const { workspace, customer } = await studio();
    let refusals = 2;
    smtp.answer(() => (refusals-- > 0 ? { code: 451, message: "4.3.0 Mailbox busy, try again later" } : null));
    await anInvoice(app.db, workspace.id, customer.id, dated);
    expect(await deliverDue()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    const waiting = await app.db.emailMessage.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(waiting.lastError).toContain("451 4.3.0 Mailbox busy");
    at += 60_000;
    await deliverDue();
    at += 60_000;
    await deliverDue();
    expect(smtp.received).toHaveLength(1);
    expect(await emailDeliveries("delivered")).toBe(1);
  });

  it("dead-letters a 5xx with one email.failed event naming the client, and sends to the fixed address when retried", async () => {
    const { workspace, customer } = await studio();
    smtp.answer((recipient) => (recipient === customer.email ? { code: 550, message: "5.1.1 No such mailbox" } : null));
    const invoice = await anInvoice(app.db, workspace.id, customer.id, dated);
    expect(await deliverDue()).toEqual({ delivered: 0, retried: 0, dead: 1 });
    expect(smtp.received).toHaveLength(0);

    const failed = await app.db.outboxEvent.findMany({ where: { type: "email.failed", workspaceId: workspace.id } });
    const dead = await app.db.delivery.findFirstOrThrow({ where: { subscriber: "email", status: "dead" } });
    expect(failed.map((event) => event.payload)).toEqual([
      {
        kind: "invoice",
        to: customer.email,
        reason: "The mail server answered 550 5.1.1 No such mailbox (at RCPT)",
        customerId: customer.id,
        invoiceId: invoice.id,
        eventId: dead.eventId,
      },
    ]);
    expect(dead.lastError).not.toContain(customer.email!);

    // What the alert's "Fix the address" does: a bad address is refused in words and changes nothing.
    const failure = {
      workspaceId: workspace.id,
      eventId: dead.eventId,
      customerId: customer.id,
      invoiceId: invoice.id,
      actor: "slack:U0VENDOR01",
      now: new Date(at),
    };
    await expect(resendFailedEmail(app.db, { ...failure, email: "accounts at client" })).rejects.toThrow("Email must be an address");
    expect(await resendFailedEmail(app.db, { ...failure, workspaceId: "another-workspace", email: "x@client.example" }).catch(() => false)).toBe(false);
    expect(await resendFailedEmail(app.db, { ...failure, email: "accounts@client.example" })).toBe(true);
    await deliverDue();
    expect(smtp.received.map((email) => email.envelope.to)).toEqual([["accounts@client.example"]]);
    expect(await app.db.emailMessage.findFirstOrThrow({ where: { invoiceId: invoice.id } })).toMatchObject({ status: "sent", to: "accounts@client.example" });
    // Pressed again: nothing is waiting any more, so nothing more is sent.
    expect(await resendFailedEmail(app.db, failure)).toBe(false);
    await deliverDue();
    expect(smtp.received).toHaveLength(1);
    const changes = await app.db.auditEntry.findMany({ where: { workspaceId: workspace.id }, orderBy: { createdAt: "asc" } });
    expect(changes.map((change) => [change.action, change.actor])).toEqual([
      ["customer_email_changed", "slack:U0VENDOR01"],
      ["email_resent", "slack:U0VENDOR01"],
    ]);
  });
});

describe("receipts and refunds", () => {
  it("emails a receipt with its PDF for a payment recorded by hand, and a notice for a refund", async () => {
    const { workspace, customer } = await studio();
    const invoice = await anInvoice(app.db, workspace.id, customer.id, {
      ...dated,
      currency: "EUR",
      lines: [{ productName: "Hours", quantity: 10, unitAmount: 10_000 }],
    });
    const { payment } = await recordManualPayment(
      app.db,
      { workspaceId: workspace.id, invoiceId: invoice.id, amount: 40_000, method: "bank transfer", paidAt: new Date(at) },
      new Date(at),
    );
    await deliverDue();
    await app.db.$transaction((tx) => applyRefund(tx, { workspaceId: workspace.id, paymentId: payment.id, totalRefunded: 5_000 }, new Date(at)));
    await deliverDue();

    const subjects = smtp.received.map((email) => email.mail.subject);
    expect(subjects).toEqual([
      "Invoice INV-0001 from Studio Nord — €1,000.00 due 1 Apr",
      `Receipt INV-0001-1 from Studio Nord — €400.00 received`,
      "Refund of €50.00 from Studio Nord for invoice INV-0001",
    ]);
    const receipt = smtp.received[1]!.mail;
    expect(receipt.text).toContain("€600.00 of the invoice is left to pay.");
    expect(receipt.attachments.map((file) => file.filename)).toEqual(["Receipt-INV-0001-1.pdf"]);
    const [pdfPage] = await readPdf(new Uint8Array(receipt.attachments[0]!.content));
    expect(pdfPage!.text).toContain("€400.00");
  });
});

describe("a fresh link", () => {
  it("is emailed to the address on file when the holder of a lapsed link asks, and opens the portal", async () => {
    const { workspace, customer } = await studio();
    await updateWorkspaceSettings(app.db, workspace.id, { selfServiceLinks: true });
    const { url } = await issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 1 });
    const token = url.split("/p/")[1]!;
    at += 2 * 86_400_000; // the link has expired
    const ask = (email: string) =>
      newLink.action(routeArgs(app, `/p/${token}/new-link`, { method: "POST", body: new URLSearchParams({ email }) }, { token }) as never) as Promise<{
        message: string;
      }>;

    const wrong = await ask("someone@else.example");
    const right = await ask(customer.email!.toUpperCase());
    expect(right).toEqual(wrong);
    // The page words it from the catalogue: "a fresh link is on its way to it by email".
    expect(right.message).toBe("emailed");
    await deliverDue();

    expect(smtp.received.map((email) => [email.envelope.to, email.mail.subject])).toEqual([
      [[customer.email], "Your new link to your invoices from Studio Nord"],
    ]);
    const fresh = linkIn(smtp.received[0]!.mail.text!);
    expect(fresh).not.toBe(url);
    const page = (await home.loader(routeArgs(app, new URL(fresh).pathname, undefined, { token: fresh.split("/p/")[1]! }) as never)) as {
      customer: { name: string };
    };
    expect(page.customer.name).toBe(customer.name);
  });
});

describe("reminders to the client", () => {
  const day = 86_400_000;
  /** Runs the reminder check at 10:00 Berlin time on each day from the due date given, and delivers. */
  async function remindersOn(offsets: number[], dueAt: number) {
    const subjects: string[] = [];
    for (const offset of offsets) {
      at = dueAt + offset * day + 9 * 3_600_000; // 10:00 in Berlin (UTC+1 in March)
      await detectClientReminders(app.db, new Date(at));
      await deliverDue();
    }
    for (const email of smtp.received) subjects.push(email.mail.subject ?? "");
    return subjects;
  }

  it("follows the schedule: 3 days before, on the day, then 1, 7 and 14 days late, each once, even with two instances", async () => {
    const { workspace, customer } = await studio();
    await anInvoice(app.db, workspace.id, customer.id, { currency: "EUR", issueDate: "2099-03-02", dueDate: "2099-03-20" });
    await deliverDue();
    smtp.received.length = 0;
    const due = Date.parse("2099-03-20T00:00:00Z");
    const days = [-4, -3, -3, -1, 0, 1, 2, 7, 7, 14, 15, 30];
    for (const offset of days) {
      at = due + offset * day + 9 * 3_600_000;
      const [first, second] = await Promise.all([detectClientReminders(app.db, new Date(at)), detectClientReminders(app.db, new Date(at))]);
      expect((first ?? 0) + (second ?? 0)).toBeLessThanOrEqual(1);
      await deliverDue();
    }
    expect(smtp.received.map((email) => email.mail.subject)).toEqual([
      "Reminder: invoice INV-0001 from Studio Nord is due in 3 days — €1,200.00",
      "Reminder: invoice INV-0001 from Studio Nord is due today — €1,200.00",
      "Invoice INV-0001 from Studio Nord is 1 day overdue — €1,200.00",
      "Invoice INV-0001 from Studio Nord is 7 days overdue — €1,200.00",
      "Invoice INV-0001 from Studio Nord is 14 days overdue — €1,200.00",
    ]);
    const late = smtp.received[3]!.mail;
    expect(late.text).toContain("was due on 20 March 2099 and is now 7 days overdue");
    expect((await openInvoicePage(linkIn(late.text!))).invoice.number).toBe("INV-0001");
  });

  it("reminds of each instalment of a split invoice on its own due date, with the part's amount, once per part and step", async () => {
    const { workspace, customer } = await studio();
    const invoice = await anInvoice(app.db, workspace.id, customer.id, { currency: "EUR", issueDate: "2099-03-02", dueDate: "2099-04-30" });
    await inParts(
      app.db,
      invoice,
      [
        [30_000, "2099-03-10"],
        [90_000, "2099-04-10"],
      ],
      new Date(at),
    );
    await deliverDue();
    smtp.received.length = 0;
    const first = Date.parse("2099-03-10T00:00:00Z");
    for (const offset of [-3, -3, 0, 1]) {
      at = first + offset * day + 9 * 3_600_000;
      await Promise.all([
        detectInstalmentNotices(app.db, new Date(at)),
        detectInstalmentNotices(app.db, new Date(at)),
        detectClientReminders(app.db, new Date(at)),
      ]);
      await deliverDue();
    }
    // The deposit is paid a day late; the second part is reminded of alone, on its own date.
    await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 30_000, method: "bank transfer" }, new Date(at));
    at = Date.parse("2099-04-07T09:00:00Z");
    await detectInstalmentNotices(app.db, new Date(at));
    await deliverDue();
    expect(smtp.received.map((email) => email.mail.subject).filter((subject) => subject?.startsWith("Reminder") || subject?.includes("overdue"))).toEqual([
      "Reminder: invoice INV-0001 from Studio Nord is due in 3 days — €300.00",
      "Reminder: invoice INV-0001 from Studio Nord is due today — €300.00",
      "Invoice INV-0001 from Studio Nord is 1 day overdue — €300.00",
      "Reminder: invoice INV-0001 from Studio Nord is due in 3 days — €900.00",
    ]);
    expect(smtp.received.at(-1)!.mail.text).toContain("10 April 2099");
  });

  it("waits until 9:00 in the workspace's timezone", async () => {
    const { workspace, customer } = await studio();
    await anInvoice(app.db, workspace.id, customer.id, { issueDate: "2099-03-02", dueDate: "2099-03-20" });
    const due = Date.parse("2099-03-20T00:00:00Z");
    expect(await detectClientReminders(app.db, new Date(due + 6 * 3_600_000))).toBe(0); // 07:00 in Berlin
    expect(await detectClientReminders(app.db, new Date(due + 8 * 3_600_000))).toBe(1); // 09:00 in Berlin
  });

  it("sends none for a paid invoice, none before the due date once part is paid, and none when turned off", async () => {
    const { workspace, customer } = await studio();
    const due = Date.parse("2099-03-20T00:00:00Z");
    const paid = await anInvoice(app.db, workspace.id, customer.id, { issueDate: "2099-03-02", dueDate: "2099-03-20" });
    await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: paid.id, amount: paid.total, method: "cash" }, new Date(at));
    const part = await anInvoice(app.db, workspace.id, customer.id, { issueDate: "2099-03-02", dueDate: "2099-03-20" });
    await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: part.id, amount: 100, method: "cash" }, new Date(at));
    await deliverDue();
    smtp.received.length = 0;

    expect(await remindersOn([-3, 0], due)).toEqual([]);
    expect(await remindersOn([1], due)).toEqual(["Invoice INV-0002 from Studio Nord is 1 day overdue — €1,199.00"]);

    await updateWorkspaceSettings(app.db, workspace.id, { clientReminders: false });
    smtp.received.length = 0;
    expect(await remindersOn([7, 14], due)).toEqual([]);
    await updateWorkspaceSettings(app.db, workspace.id, { clientReminders: true });
    await app.db.customer.update({ where: { id: customer.id }, data: { emailReminders: false } });
    expect(await remindersOn([14], due)).toEqual([]);
  });
});
