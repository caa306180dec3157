import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aNotionConnection, anInvoice, aVendor } from "#tests/fixtures.ts";
import { backoffDelay, createDispatcher } from "./dispatcher.server.ts";
import { PermanentDeliveryError, RetryLaterError, type DeliveredEvent, type Subscriber } from "#app/ports/events.ts";
import { issueInvoice } from "#app/billing/invoices.server.ts";
import { testClock, testNow } from "#tests/clock.ts";
import { createDatabaseClock } from "#app/platform/db/database-clock.server.ts";

let database: Database;
withTestDatabase((opened) => (database = opened));

/**
 * The Notion mirror's deliveries (invoice.created and .issued, for a workspace that mirrors)
 * made by a subscriber that records what it receives and fails as told.
 */
function recorder(failWith: (event: DeliveredEvent, call: number) => Error | null = () => null) {
  const received: DeliveredEvent[] = [];
  const subscriber: Subscriber = {
    name: "notion",
    async deliver(event) {
      received.push(event);
      const error = failWith(event, received.length);
      if (error) throw error;
    },
  };
  return { subscriber, received };
}

/** A vendor whose workspace mirrors into Notion, so its invoices' events get "notion" deliveries. */
async function aMirroredVendor(db: Database["prisma"]) {
  const vendor = await aVendor(db);
  await aNotionConnection(db, vendor.workspace.id, testNow);
  return vendor;
}

// Each test starts with an empty outbox: a dispatcher claims whatever is due for its subscribers.
afterEach(async () => {
  await database.prisma.outboxEvent.deleteMany();
});

async function createdEvents() {
  return database.prisma.delivery.findMany({ where: { subscriber: "notion" }, include: { attemptLog: { orderBy: { number: "asc" } }, event: true } });
}

/**
 * One invoice.created delivery due to "notion", a recorder, and a "notion" subscriber whose
 * sends hang until released (a slow service, or a crashed instance's).
 */
async function oneDeliveryAndAHangingSend() {
  const db = database.prisma;
  const { received, subscriber } = recorder();
  let release = () => {};
  const hanging: Subscriber = { name: "notion", deliver: () => new Promise<void>((resolve) => (release = resolve)) };
  const { workspace, customer } = await aMirroredVendor(db);
  await anInvoice(db, workspace.id, customer.id, { issue: false });
  return { db, received, subscriber, hanging, release: () => release() };
}

/** A dispatcher of `owner`'s run into the hanging send, once its claim is in the database. */
async function sendingAs(owner: string, hanging: Subscriber, options: { now: () => Date; leaseMs: number }) {
  const run = createDispatcher(database.prisma, { subscribers: [hanging], ...options, owner }).runOnce();
  await expect.poll(async () => (await createdEvents())[0]?.leaseOwner).toBe(owner);
  return { run };
}

describe("outbox dispatcher", () => {
  it("retries a subscriber that fails 3 times, then delivers once more and never again", async () => {
    const db = database.prisma;
    const { received, subscriber } = recorder((event, call) => (call <= 3 ? new Error(`Slack is down (${call})`) : null));
    const { workspace, customer } = await aMirroredVendor(db);
    await anInvoice(db, workspace.id, customer.id, { issue: false });
    const time = testClock();
    const dispatcher = createDispatcher(db, { subscribers: [subscriber], now: time.now, random: () => 1, baseDelayMs: 1000 });

    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 }); // backing off: not due yet
    for (const waitMs of [1000, 2000]) {
      time.advance(waitMs);
      expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    }
    time.advance(4000);
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 1 });
    time.advance(3_600_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });

    expect(received).toHaveLength(4);
    expect(new Set(received.map((event) => event.id)).size).toBe(1);
    const [delivery] = await createdEvents();
    expect(delivery).toMatchObject({ status: "delivered", attempts: 4, lastError: null });
    expect(delivery!.attemptLog.map((a) => [a.number, a.ok, a.error])).toEqual([
      [1, false, "Slack is down (1)"],
      [2, false, "Slack is down (2)"],
      [3, false, "Slack is down (3)"],
      [4, true, null],
    ]);
  });

  it("dead-letters after the last attempt, and at once on a permanent error; retry queues it again", async () => {
    const db = database.prisma;
    const { subscriber } = recorder((event) => (event.type === "invoice.issued" ? new PermanentDeliveryError("token revoked") : new Error("timeout")));
    const { workspace, customer } = await aMirroredVendor(db);
    await anInvoice(db, workspace.id, customer.id);
    const time = testClock();
    const dispatcher = createDispatcher(db, { subscribers: [subscriber], now: time.now, maxAttempts: 2, baseDelayMs: 10 });
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 }); // created fails; issued waits behind it
    time.advance(1000);
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 }); // created: attempt 2 of 2
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 }); // issued: permanent
    const deliveries = await createdEvents();
    expect(deliveries.map((d) => [d.event.type, d.status, d.attempts])).toEqual(
      expect.arrayContaining([
        ["invoice.created", "dead", 2],
        ["invoice.issued", "dead", 1],
      ]),
    );
  });

  it("waits as long as a rate-limited service asks (Retry-After)", async () => {
    const db = database.prisma;
    const { subscriber } = recorder(() => new RetryLaterError("429", 30_000));
    const { workspace, customer } = await aMirroredVendor(db);
    await anInvoice(db, workspace.id, customer.id, { issue: false });
    const time = testClock();
    const dispatcher = createDispatcher(db, { subscribers: [subscriber], now: time.now });
    await dispatcher.runOnce();
    const [delivery] = await createdEvents();
    expect(delivery!.nextAttemptAt.getTime() - time.now().getTime()).toBe(30_000);
  });

  it("never dead-letters a delivery the service keeps asking to retry later; failures still count", async () => {
    const db = database.prisma;
    const { subscriber } = recorder((_event, call) => (call <= 20 ? new RetryLaterError("429", 1_000) : new Error("timeout")));
    const { workspace, customer } = await aMirroredVendor(db);
    await anInvoice(db, workspace.id, customer.id, { issue: false });
    const time = testClock();
    const dispatcher = createDispatcher(db, { subscribers: [subscriber], now: time.now, maxAttempts: 3, baseDelayMs: 10 });
    for (let round = 0; round < 20; round++) {
      expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
      time.advance(1_000);
    }
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 }); // failure 1 of 3
    time.advance(1_000);
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    time.advance(1_000);
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 });
    const [delivery] = await createdEvents();
    expect(delivery).toMatchObject({ status: "dead", attempts: 3 });
    expect(delivery!.attemptLog).toHaveLength(23);
  });

  it("delivers one invoice's events in order: a later event waits while an earlier one fails", async () => {
    const db = database.prisma;
    let failCreated = true;
    const { received, subscriber } = recorder((event) => (event.type === "invoice.created" && failCreated ? new Error("503") : null));
    const { workspace, customer } = await aMirroredVendor(db);
    const invoice = await anInvoice(db, workspace.id, customer.id, { issue: false });
    await issueInvoice(db, workspace.id, invoice.id, testNow);
    const other = await anInvoice(db, workspace.id, customer.id, { issue: false });
    const time = testClock();
    const dispatcher = createDispatcher(db, { subscribers: [subscriber], now: time.now, random: () => 0 });
    await dispatcher.runOnce();
    // The other invoice is not held up by this one's failure; this one's "issued" is.
    expect(received.map((e) => [e.aggregateId, e.type])).toHaveLength(2);
    expect(received.map((e) => [e.aggregateId, e.type])).toEqual(
      expect.arrayContaining([
        [invoice.id, "invoice.created"],
        [other.id, "invoice.created"],
      ]),
    );
    failCreated = false;
    time.advance(60_000);
    await dispatcher.runOnce();
    await dispatcher.runOnce();
    expect(received.filter((e) => e.aggregateId === invoice.id).map((e) => e.type)).toEqual(["invoice.created", "invoice.created", "invoice.issued"]);
  });

  it("shares work between dispatchers without delivering anything twice", async () => {
    const db = database.prisma;
    const { received, subscriber } = recorder();
    const { workspace, customer } = await aMirroredVendor(db);
    await Promise.all(Array.from({ length: 20 }, () => anInvoice(db, workspace.id, customer.id, { issue: false })));
    const time = testClock();
    const dispatchers = [1, 2, 3].map((n) => createDispatcher(db, { subscribers: [subscriber], owner: `instance-${n}`, batchSize: 3, now: time.now }));
    for (let round = 0; round < 10; round++) await Promise.all(dispatchers.map((d) => d.runOnce()));
    expect(received).toHaveLength(20);
    expect(new Set(received.map((event) => event.id)).size).toBe(20);
  });

  it("takes over a claim whose lease expired (its instance crashed)", async () => {
    const { db, received, subscriber, hanging, release } = await oneDeliveryAndAHangingSend();
    const time = testClock();
    const gone = await sendingAs("crashed", hanging, { now: time.now, leaseMs: 30_000 });
    const survivor = createDispatcher(db, { subscribers: [subscriber], now: time.now, owner: "survivor" });
    expect(await survivor.runOnce()).toMatchObject({ claimed: 0 });
    time.advance(30_001);
    expect(await survivor.runOnce()).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(1);
    expect((await createdEvents())[0]).toMatchObject({ status: "delivered", attempts: 2 });
    release();
    await gone.run;
    expect((await createdEvents())[0], "the late instance's outcome changes nothing").toMatchObject({ status: "delivered", leaseOwner: null });
  });

  it("renews the lease while a delivery is being made, so a slow send is not taken over", async () => {
    const { db, received, subscriber, hanging, release } = await oneDeliveryAndAHangingSend();
    const time = testClock();
    const sending = await sendingAs("slow", hanging, { now: time.now, leaseMs: 300 });
    const firstLease = (await createdEvents())[0]!.leaseUntil!.getTime();
    time.advance(250);
    await expect.poll(async () => (await createdEvents())[0]!.leaseUntil!.getTime(), { timeout: 5_000 }).toBeGreaterThan(firstLease);
    time.advance(250); // past the first lease: only the renewal keeps it
    const other = createDispatcher(db, { subscribers: [subscriber], now: time.now, leaseMs: 300, owner: "other" });
    expect(await other.runOnce()).toMatchObject({ claimed: 0 });
    release();
    expect(await sending.run).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(0);
    expect((await createdEvents())[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("keeps a lease under clock skew: an instance whose own clock runs 2 minutes fast takes over nothing still being sent", async () => {
    const { db, received, subscriber, hanging, release } = await oneDeliveryAndAHangingSend();
    // Both instances keep the database's time; one machine's clock is 2 minutes ahead of the other's.
    const honest = createDatabaseClock(db);
    const fast = createDatabaseClock(db, () => Date.now() + 120_000);
    await Promise.all([honest.sync(), fast.sync()]);
    expect(Math.abs(fast.now().getTime() - honest.now().getTime())).toBeLessThan(1_000);

    const sent = await sendingAs("honest", hanging, { now: honest.now, leaseMs: 30_000 });
    const skewed = createDispatcher(db, { subscribers: [subscriber], now: fast.now, leaseMs: 30_000, owner: "fast" });
    expect(await skewed.runOnce()).toMatchObject({ claimed: 0 });
    expect(received).toHaveLength(0);
    release();
    expect(await sent.run).toMatchObject({ delivered: 1 });
  });
});

describe("backoffDelay", () => {
  it("doubles from the base, with jitter between half and all of it, and is capped", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
