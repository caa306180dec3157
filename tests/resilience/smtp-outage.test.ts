// The SMTP server unusable for a simulated 10 minutes (refusing connections, then answering
// 421/451/452) while 200 invoices are issued and paid: afterwards every email was sent exactly
// once and nothing was dead-lettered, except the one address the server rejects for good (550),
// which is one dead letter and one email.failed event, sent again once the address is fixed.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { createInvoice, recordManualPayment } from "#app/billing/invoices.server.ts";
import { retryDeadDelivery } from "#app/platform/outbox/outbox.server.ts";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, aWorkspace } from "#tests/fixtures.ts";
import { startTestSmtp, type TestSmtp } from "#tests/smtp.ts";
import { deliverDue } from "./outbox.ts";
import { seed, seededRandom } from "./random.ts";

const outageMs = 10 * 60_000;
const changes = Number(process.env.SMTP_OUTAGE_CHANGES ?? 200);

let app: AppContext;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  app = await createTestApp(await createTestDatabase(), smtp.env);
});
afterAll(async () => {
  app.email.close();
  await smtp.stop().catch(() => {});
  await app.database.close();
});

it(`sends every email exactly once after a 10-minute SMTP outage (seed ${seed})`, { timeout: 900_000 }, async () => {
  const { db } = app;
  const random = seededRandom(seed + 25);
  let at = Date.parse("2099-05-04T08:00:00Z");
  const now = () => new Date(at);
  app.now = now;
  const dispatcher = createDispatcher(db, { subscribers: [app.email.subscriber], now, maxAttempts: app.env.OUTBOX_MAX_ATTEMPTS, random: () => 0.5 });

  const workspace = await aWorkspace(db, { defaultCurrency: "EUR", timezone: "UTC" });
  const customers = await Promise.all(Array.from({ length: 4 }, () => aCustomer(db, workspace.id)));
  const unknown = await aCustomer(db, workspace.id, { email: "nobody@gone.example" });
  const outageEndsAt = at + outageMs;
  const temporary = [
    { code: 421, message: "4.7.0 Too many connections, slow down" },
    { code: 451, message: "4.3.0 Temporary local problem" },
    { code: 452, message: "4.2.2 Mailbox full" },
  ];
  smtp.answer((recipient) => {
    if (recipient === unknown.email) return { code: 550, message: "5.1.1 No such mailbox" };
    return at < outageEndsAt ? random.pick(temporary) : null;
  });
  // The first half of the outage the server is not even listening; the second half it answers 4xx.
  await smtp.stop();
  let listening = false;

  let invoices = 0;
  let payments = 0;
  for (let made = 0; made < changes; made++) {
    at += outageMs / changes + random.int(1000);
    if (!listening && at >= outageEndsAt - outageMs / 2) {
      await smtp.start();
      listening = true;
    }
    // Part payments only: an invoice paid in full before its email went out is (rightly) not emailed, which would blur the count.
    const open = (
      await db.invoice.findMany({ where: { workspaceId: workspace.id, status: "open", customerId: { not: unknown.id } }, orderBy: { number: "asc" } })
    ).filter((invoice) => balanceDue(invoice) >= 2);
    if (open.length && random.chance(0.4)) {
      const invoice = random.pick(open);
      const amount = Math.floor(balanceDue(invoice) / 2);
      await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount, method: "Bank transfer", paidAt: now() }, now());
      payments++;
    } else {
      const customer = invoices === 7 ? unknown : random.pick(customers);
      await createInvoice(
        db,
        workspace.id,
        {
          customerId: customer.id,
          issueDate: "2099-05-04",
          dueDate: "2099-06-03",
          lines: [{ productName: "Sprint", quantity: 1, unitAmount: 50_000 + random.int(50_000) }],
        },
        now(),
      );
      invoices++;
    }
    await deliverDue(dispatcher);
  }
  expect(at).toBeGreaterThanOrEqual(outageEndsAt);
  const sentDuringOutage = smtp.received.filter((email) => email.mail.date!.getTime() < outageEndsAt).length;
  expect(sentDuringOutage).toBe(0);

  // The backlog drains as the backoff comes round (at most an hour between attempts).
  for (let step = 0; step < 12 && (await db.delivery.count({ where: { subscriber: "email", status: "pending" } })) > 0; step++) {
    at += 15 * 60_000;
    await deliverDue(dispatcher);
  }

  const expected = invoices - 1 + payments; // every invoice and receipt, less the one refused for good
  expect(await db.delivery.count({ where: { subscriber: "email", status: "pending" } })).toBe(0);
  expect(await db.delivery.count({ where: { subscriber: "email", status: "dead" } })).toBe(1);
  expect(smtp.received).toHaveLength(expected);
  expect(new Set(smtp.received.map((email) => email.mail.messageId)).size).toBe(expected);
  expect(await db.emailMessage.count({ where: { workspaceId: workspace.id, status: "sent" } })).toBe(expected);
  const failed = await db.outboxEvent.findMany({ where: { type: "email.failed", workspaceId: workspace.id } });
  expect(failed.map((event) => (event.payload as { to: string }).to)).toEqual(["nobody@gone.example"]);

  // The vendor fixes the address and retries the dead letter: it goes, once.
  await db.customer.update({ where: { id: unknown.id }, data: { email: "accounts@found.example" } });
  const dead = await db.delivery.findFirstOrThrow({ where: { subscriber: "email", status: "dead" } });
  expect(await retryDeadDelivery(db, dead.id, now())).toBe(true);
  await deliverDue(dispatcher);
  expect(smtp.received).toHaveLength(expected + 1);
  expect(smtp.received.at(-1)!.envelope.to).toEqual(["accounts@found.example"]);
});
