import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { testClock, testNow } from "#tests/clock.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aNotionConnection, anInvoice, aVendor } from "#tests/fixtures.ts";
import { createDispatcher } from "./dispatcher.server.ts";
import { PermanentDeliveryError, type Subscriber } from "#app/ports/events.ts";
import { emit, trimDeliveredEvents, unservedAfterMs, unservedSubscribers } from "./outbox.server.ts";

let database: Database;
withTestDatabase((opened) => (database = opened));
afterEach(async () => {
  await database.prisma.outboxEvent.deleteMany();
});

const dayMs = 86_400_000;

it("trims delivered events past the retention, in batches, and keeps the recent, the pending and the dead", async () => {
  const db = database.prisma;
  const clock = testClock();
  let deadInvoice = "";
  const mirror: Subscriber = {
    name: "notion",
    deliver: async (event) => {
      if (event.type === "invoice.issued" && (event.payload as { invoiceId: string }).invoiceId === deadInvoice) throw new PermanentDeliveryError("gone");
    },
  };
  const email: Subscriber = { name: "email", deliver: async () => {} };
  const { workspace, customer } = await aVendor(db);
  await aNotionConnection(db, workspace.id, clock.now());
  const old = [];
  for (let i = 0; i < 5; i++) old.push(await anInvoice(db, workspace.id, customer.id, {}, clock.now()));
  deadInvoice = old[4]!.id;
  const dispatcher = createDispatcher(db, { subscribers: [mirror, email], now: clock.now });
  while ((await dispatcher.runOnce()).claimed > 0);
  const pending = await anInvoice(db, workspace.id, customer.id, {}, clock.now());
  clock.advance(40 * dayMs);
  const recent = await anInvoice(db, workspace.id, customer.id, {}, clock.now());
  while ((await dispatcher.runOnce()).claimed > 0);
  // An old event whose delivery is still waiting (its subscriber's service has been down for weeks).
  await db.delivery.updateMany({ where: { event: { aggregateId: pending.id } }, data: { status: "pending", deliveredAt: null } });

  const before = new Date(clock.now().getTime() - 30 * dayMs);
  // Old, all delivered: invoices 0–3 (created and issued each); invoice 4's issue went dead, so its events stay.
  expect(await trimDeliveredEvents(db, before, 3)).toBe(9);
  const left = await db.outboxEvent.findMany({ select: { aggregateId: true, type: true } });
  expect(new Set(left.map((event) => event.aggregateId))).toEqual(new Set([old[4]!.id, pending.id, recent.id]));
  expect(await db.deliveryAttempt.count({ where: { delivery: { event: { aggregateId: old[0]!.id } } } })).toBe(0);
  expect(await trimDeliveredEvents(db, before), "nothing more to trim").toBe(0);
});

describe("who gets a delivery", () => {
  const paid = (workspaceId: string, invoiceId: string) =>
    ({ type: "invoice.paid", workspaceId, aggregateId: invoiceId, payload: { invoiceId, paymentId: null } }) as const;
  const subscribersOf = async (invoiceId: string) =>
    (await database.prisma.delivery.findMany({ where: { aggregateId: invoiceId, event: { type: "invoice.paid" } } })).map((d) => d.subscriber).sort();

  it("is decided by the workspace's data, whichever instance records the event", async () => {
    const db = database.prisma;
    const now = testClock().now();
    const plain = await aVendor(db);
    const fromSlack = await aVendor(db);
    await db.workspace.update({ where: { id: fromSlack.workspace.id }, data: { slackTeamId: "T0SUBSCR1", alertChannelId: "C0ALERTS" } });
    const mirrored = await aVendor(db);
    await aNotionConnection(db, mirrored.workspace.id, now);
    const invoices = [];
    for (const vendor of [plain, fromSlack, mirrored]) {
      const invoice = await anInvoice(db, vendor.workspace.id, vendor.customer.id, {}, now);
      await emit(db, paid(vendor.workspace.id, invoice.id), now);
      invoices.push(invoice);
    }
    await db.checkoutAttempt.create({
      data: {
        workspaceId: plain.workspace.id,
        invoiceId: invoices[0]!.id,
        customerId: plain.customer.id,
        amount: 100,
        currency: "USD",
        amountPaidBefore: 0,
        request: {},
        createdAt: now,
        expiresAt: now,
      },
    });
    await emit(db, paid(plain.workspace.id, invoices[0]!.id), now);

    const [plainInvoice, slackInvoice, notionInvoice] = invoices;
    expect(await subscribersOf(plainInvoice!.id)).toEqual(["stripe-checkouts"]); // the second event: a Checkout page is open
    expect(await subscribersOf(slackInvoice!.id)).toEqual(["slack"]);
    expect(await subscribersOf(notionInvoice!.id)).toEqual(["notion"]);
  });

  it("records an event that concerns no subscriber with no delivery, and one for every subscriber it concerns", async () => {
    const db = database.prisma;
    const now = testClock().now();
    const plain = await aVendor(db);
    const alertsOnly = await aVendor(db);
    await db.workspace.update({ where: { id: alertsOnly.workspace.id }, data: { alertChannelId: "C0ALERTS" } });
    const succeeded = (workspaceId: string, invoiceId: string) =>
      ({ type: "payment.succeeded", workspaceId, aggregateId: invoiceId, payload: { invoiceId, paymentId: "p", amount: 100, currency: "USD" } }) as const;
    const plainInvoice = await anInvoice(db, plain.workspace.id, plain.customer.id, {}, now);
    const alertsInvoice = await anInvoice(db, alertsOnly.workspace.id, alertsOnly.customer.id, {}, now);
    await emit(db, paid(plain.workspace.id, plainInvoice.id), now);
    await emit(db, succeeded(plain.workspace.id, plainInvoice.id), now);
    await emit(db, succeeded(alertsOnly.workspace.id, alertsInvoice.id), now);
    await emit(db, { type: "checkout.replaced", workspaceId: plain.workspace.id, aggregateId: plainInvoice.id, payload: { invoiceId: plainInvoice.id } }, now);

    const events = await db.outboxEvent.findMany({
      where: { aggregateId: { in: [plainInvoice.id, alertsInvoice.id] }, type: { in: ["invoice.paid", "payment.succeeded", "checkout.replaced"] } },
      include: { deliveries: true },
    });
    const made = events
      .map(
        (event) =>
          `${event.aggregateId === plainInvoice.id ? "plain" : "alerts"} ${event.type}: ${event.deliveries
            .map((d) => d.subscriber)
            .sort()
            .join(" ")}`,
      )
      .sort();
    expect(made).toEqual(["alerts payment.succeeded: email slack", "plain checkout.replaced: ", "plain invoice.paid: ", "plain payment.succeeded: email"]);
    expect(events.find((event) => event.type === "payment.succeeded" && event.aggregateId === plainInvoice.id)).toMatchObject({
      workspaceId: plain.workspace.id,
      payload: { invoiceId: plainInvoice.id, paymentId: "p", amount: 100, currency: "USD" },
      createdAt: now,
      deliveries: [expect.objectContaining({ status: "pending", attempts: 0, nextAttemptAt: now, createdAt: now, aggregateId: plainInvoice.id })],
    });
  });

  it("reports a subscriber no running instance delivers to, once its first delivery has waited untried", async () => {
    const db = database.prisma;
    const clock = testClock();
    const { workspace, customer } = await aVendor(db);
    await db.workspace.update({ where: { id: workspace.id }, data: { slackTeamId: "T0SUBSCR2", alertChannelId: "C0ALERTS" } });
    const invoice = await anInvoice(db, workspace.id, customer.id, {}, clock.now());
    await emit(db, paid(workspace.id, invoice.id), clock.now());
    await emit(db, { type: "invoice.voided", workspaceId: workspace.id, aggregateId: invoice.id, payload: { invoiceId: invoice.id } }, clock.now());
    const withoutSlack = createDispatcher(db, {
      subscribers: [
        { name: "email", deliver: async () => {} },
        { name: "notion", deliver: async () => {} },
      ],
      now: clock.now,
    });
    while ((await withoutSlack.runOnce()).claimed > 0);
    expect(await db.delivery.count({ where: { subscriber: "slack", status: "pending" } }), "left for an instance that can").toBe(2);

    clock.advance(unservedAfterMs - 1_000);
    expect(await unservedSubscribers(db, clock.now())).toEqual([]);
    clock.advance(2_000);
    expect(await unservedSubscribers(db, clock.now())).toEqual([{ subscriber: "slack", pending: 2, oldest: testNow }]);

    const sent: string[] = [];
    const withSlack = createDispatcher(db, { subscribers: [{ name: "slack", deliver: async (event) => void sent.push(event.type) }], now: clock.now });
    while ((await withSlack.runOnce()).claimed > 0);
    expect(sent).toEqual(["invoice.paid", "invoice.voided"]);
    expect(await unservedSubscribers(db, clock.now())).toEqual([]);
  });
});
