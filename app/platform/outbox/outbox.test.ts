import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { testClock } from "#tests/clock.ts";
import { createTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { createDispatcher } from "./dispatcher.server.ts";
import { PermanentDeliveryError } from "#app/ports/events.ts";
import { registerSubscriber, trimDeliveredEvents, unregisterSubscriber } from "./outbox.server.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
afterEach(() => unregisterSubscriber("kept"));

const dayMs = 86_400_000;

it("trims delivered events past the retention, in batches, and keeps the recent, the pending and the dead", async () => {
  const db = database.prisma;
  const clock = testClock();
  let deadInvoice = "";
  registerSubscriber({
    name: "kept",
    accepts: (type) => type === "invoice.created" || type === "invoice.issued",
    deliver: async (event) => {
      if (event.type === "invoice.issued" && (event.payload as { invoiceId: string }).invoiceId === deadInvoice) throw new PermanentDeliveryError("gone");
    },
  });
  const { workspace, customer } = await aVendor(db);
  const old = [];
  for (let i = 0; i < 5; i++) old.push(await anInvoice(db, workspace.id, customer.id, {}, clock.now()));
  deadInvoice = old[4]!.id;
  const dispatcher = createDispatcher(db, { now: clock.now });
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
