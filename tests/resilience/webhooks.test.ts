// 1,000 Stripe webhook deliveries, 30% of them duplicates, in a seeded random order, several
// at a time: every payment is recorded exactly once and every total is exact. Runs on the
// embedded database, and on PostgreSQL (real concurrency) with TEST_DATABASE_URL set.
import { expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { startCheckout } from "#app/billing/payments.server.ts";
import { action } from "#app/routes/webhooks.stripe.ts";
import { routeArgs } from "#tests/app.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { type FakeStripe, signedDelivery, stripeEvent, type StripeObject } from "#tests/msw/stripe.ts";
import { withFakeStripe } from "#tests/stripe.ts";
import { seed, seededRandom } from "./random.ts";
import { sessionOfAttempt } from "#integrations/stripe/store.ts";

const deliveries = 1_000;
const duplicateShare = 0.3;
const concurrency = 25;
const invoiceTotal = 120_000; // anInvoice: 10 × 120.00

let app: AppContext;
let fake: FakeStripe;
withFakeStripe((world) => ({ app, fake } = world));

type Kind = "card" | "refunded" | "bank" | "bank-failed" | "split";

interface Expected {
  invoiceId: string;
  kind: Kind;
  status: "paid" | "open";
  amountPaid: number;
  /** Payment intent → what its one payment must say. */
  payments: Map<string, { amount: number; amountRefunded: number }>;
  failures: number;
}

it(`applies ${deliveries} deliveries with ${duplicateShare * 100}% duplicates, reordered and concurrent, exactly once (seed ${seed})`, async () => {
  const random = seededRandom();
  const { db } = app;
  const workspace = await aWorkspace(db, { defaultCurrency: "USD" });
  await db.workspace.update({ where: { id: workspace.id }, data: { allowPartialPayments: true } });
  const customers = await Promise.all(Array.from({ length: 10 }, () => aCustomer(db, workspace.id)));

  const checkout = async (invoice: { id: string; customerId: string }, amount?: number) => {
    const scope = { workspaceId: workspace.id, customerId: invoice.customerId, invoiceId: invoice.id };
    const started = await startCheckout(app, { ...scope, amount, returnUrl: `http://remit.test/p/tok/invoices/${invoice.id}` });
    return (await sessionOfAttempt(db, started.checkoutId))!;
  };

  // Each invoice gets one story; its events are what Stripe would send, in Stripe's order.
  const expected: Expected[] = [];
  const events: StripeObject[] = [];
  const kinds: Kind[] = ["card", "card", "refunded", "bank", "bank-failed", "split"];
  while (events.length < deliveries * (1 - duplicateShare)) {
    const kind = random.pick(kinds);
    const invoice = await anInvoice(db, workspace.id, random.pick(customers).id);
    const story: Expected = { invoiceId: invoice.id, kind, status: "paid", amountPaid: invoiceTotal, payments: new Map(), failures: 0 };
    if (kind === "card" || kind === "refunded") {
      const { completed, intentId } = fake.pay(await checkout(invoice));
      events.push(stripeEvent("checkout.session.completed", completed));
      let refunded = 0;
      if (kind === "refunded") {
        for (const part of random.chance(0.5) ? [20_000] : [20_000, 15_000]) {
          refunded += part;
          events.push(stripeEvent("charge.refunded", fake.refund(intentId, part)));
        }
      }
      story.amountPaid -= refunded;
      story.payments.set(intentId, { amount: invoiceTotal, amountRefunded: refunded });
    } else if (kind === "bank" || kind === "bank-failed") {
      const sessionId = await checkout(invoice);
      const { completed, intentId } = fake.pay(sessionId, "sepa_debit");
      events.push(stripeEvent("checkout.session.completed", completed));
      if (kind === "bank") {
        events.push(stripeEvent("checkout.session.async_payment_succeeded", fake.asyncOutcome(sessionId, "succeeded")));
        story.payments.set(intentId, { amount: invoiceTotal, amountRefunded: 0 });
      } else {
        events.push(stripeEvent("checkout.session.async_payment_failed", fake.asyncOutcome(sessionId, "failed")));
        Object.assign(story, { status: "open", amountPaid: 0, failures: 1 });
      }
    } else {
      // Two partial payments started side by side, each its own session and payment intent.
      const sessions = [await checkout(invoice, 50_000), await checkout(invoice, 70_000)];
      for (const [index, sessionId] of sessions.entries()) {
        const { completed, intentId } = fake.pay(sessionId);
        events.push(stripeEvent("checkout.session.completed", completed));
        story.payments.set(intentId, { amount: index === 0 ? 50_000 : 70_000, amountRefunded: 0 });
      }
    }
    expected.push(story);
  }
  const duplicates = Array.from({ length: deliveries - events.length }, () => random.pick(events));
  const schedule = random.shuffle([...events, ...duplicates]);

  // A retried delivery carries the same event with a fresh signature, as Stripe sends it.
  const answers: { status: number; outcome?: string }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let event = schedule[next++]; event; event = schedule[next++]) {
        const delivery = signedDelivery(event);
        const response = await action(routeArgs(app, "/webhooks/stripe", { method: "POST", headers: delivery.headers, body: delivery.body }));
        answers.push({ status: response.status, ...((await response.json()) as { outcome?: string }) });
      }
    }),
  );

  expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
  expect(answers.filter((answer) => answer.outcome === "applied")).toHaveLength(events.length);
  expect(answers.filter((answer) => answer.outcome === "duplicate")).toHaveLength(duplicates.length);

  const invoices = await db.invoice.findMany({ where: { workspaceId: workspace.id }, include: { payments: { include: { stripe: true } } } });
  const outbox = await db.outboxEvent.findMany({ where: { workspaceId: workspace.id } });
  const byInvoice = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  const eventsOf = (invoiceId: string, type: string) => outbox.filter((event) => event.aggregateId === invoiceId && event.type === type);
  const sorted = (entries: [string, unknown][]) => entries.sort(([a], [b]) => a.localeCompare(b));
  const wrong: string[] = [];
  for (const story of expected) {
    const invoice = byInvoice.get(story.invoiceId)!;
    const actual = {
      status: invoice.status,
      amountPaid: invoice.amountPaid,
      payments: sorted(invoice.payments.map((p) => [String(p.stripe?.paymentIntentId), { amount: p.amount, amountRefunded: p.amountRefunded }])),
      paymentRows: invoice.payments.length,
      succeeded: eventsOf(invoice.id, "payment.succeeded").length,
      paid: eventsOf(invoice.id, "invoice.paid").length,
      failed: eventsOf(invoice.id, "payment.failed").length,
    };
    const want = {
      status: story.status,
      amountPaid: story.amountPaid,
      payments: sorted([...story.payments]),
      paymentRows: story.payments.size,
      succeeded: story.payments.size,
      paid: story.status === "paid" ? 1 : 0,
      failed: story.failures,
    };
    if (JSON.stringify(actual) !== JSON.stringify(want)) wrong.push(`${story.kind} ${invoice.number}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(want)}`);
  }
  expect(wrong).toEqual([]);

  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
  expect(total(invoices.map((invoice) => invoice.amountPaid))).toBe(total(expected.map((story) => story.amountPaid)));
  expect(await db.payment.count({ where: { workspaceId: workspace.id } })).toBe(total(expected.map((story) => story.payments.size)));
  expect(await db.processedWebhook.count({ where: { source: "stripe" } })).toBe(events.length);
  // The last refund event of each payment carries its final refunded total, whatever the order.
  for (const story of expected.filter((s) => s.kind === "refunded")) {
    const refunds = eventsOf(story.invoiceId, "payment.refunded").map((event) => (event.payload as { amountRefunded: number }).amountRefunded);
    expect(Math.max(...refunds)).toBe([...story.payments.values()][0]!.amountRefunded);
  }
});
