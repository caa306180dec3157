import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { createTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { backoffDelay, createDispatcher } from "./dispatcher.server.ts";
import { PermanentDeliveryError, RetryLaterError, type DeliveredEvent, type Subscriber } from "#app/ports/events.ts";
import { issueInvoice } from "#app/billing/invoices.server.ts";
import { registerSubscriber, unregisterSubscriber } from "./outbox.server.ts";
import { testClock, testNow } from "#tests/clock.ts";
import { createDatabaseClock } from "#app/platform/db/database-clock.server.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** A subscriber that records what it receives and fails as told. */
function recorder(name: string, failWith: (event: DeliveredEvent, call: number) => Error | null = () => null) {
  const received: DeliveredEvent[] = [];
  const subscriber: Subscriber = {
    name,
    accepts: (type) => type === "invoice.created" || type === "invoice.issued",
    async deliver(event) {
      received.push(event);
      const error = failWith(event, received.length);
      if (error) throw error;
    },
  };
  registerSubscriber(subscriber);
  return { subscriber, received };
}


let names: string[] = [];
afterEach(() => {
  for (const name of names) unregisterSubscriber(name);
  names = [];
});
function unique(name: string) {
  const full = `${name}-${Math.random().toString(36).slice(2, 8)}`;
  names.push(full);
  return full;
}

async function createdEvents(subscriber: string) {
  return database.prisma.delivery.findMany({ where: { subscriber }, include: { attemptLog: { orderBy: { number: "asc" } }, event: true } });
}

describe("outbox dispatcher", () => {
  it("retries a subscriber that fails 3 times, then delivers once more and never again", async () => {
    const db = database.prisma;
    const name = unique("flaky");
    const { received, subscriber } = recorder(name, (event, call) => (call <= 3 ? new Error(`Slack is down (${call})`) : null));
    const { workspace, customer } = await aVendor(db);
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
    const [delivery] = await createdEvents(name);
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
    const name = unique("broken");
    const { subscriber } = recorder(name, (event) =>
      event.type === "invoice.issued" ? new PermanentDeliveryError("token revoked") : new Error("timeout"),
    );
    const { workspace, customer } = await aVendor(db);
    await anInvoice(db, workspace.id, customer.id);
    const time = testClock();
    const dispatcher = createDispatcher(db, { subscribers: [subscriber], now: time.now, maxAttempts: 2, baseDelayMs: 10 });
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 }); // created fails; issued waits behind it
    time.advance(1000);
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 }); // created: attempt 2 of 2
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 }); // issued: permanent
    const deliveries = await createdEvents(name);
    expect(deliveries.map((d) => [d.event.type, d.status, d.attempts])).toEqual(
      expect.arrayContaining([
        ["invoice.created", "dead", 2],
        ["invoice.issued", "dead", 1],
      ]),
    );
  });

  it("waits as long as a rate-limited service asks (Retry-After)", async () => {
    const db = database.prisma;
    const name = unique("limited");
    const { subscriber } = recorder(name, () => new RetryLaterError("429", 30_000));
    const { workspace, customer } = await aVendor(db);
    await anInvoice(db, workspace.id, customer.id, { issue: false });
    const time = testClock();
    const dispatcher = createDispatcher(db, { subscribers: [subscriber], now: time.now });
    await dispatcher.runOnce();
    const [delivery] = await createdEvents(name);
    expect(delivery!.nextAttemptAt.getTime() - time.now().getTime()).toBe(30_000);
  });

  it("never dead-letters a delivery the service keeps asking to retry later; failures still count", async () => {
    const db = database.prisma;
    const name = unique("pacing");
    const { subscriber } = recorder(name, (_event, call) => (call <= 20 ? new RetryLaterError("429", 1_000) : new Error("timeout")));
    const { workspace, customer } = await aVendor(db);
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
    const [delivery] = await createdEvents(name);
    expect(delivery).toMatchObject({ status: "dead", attempts: 3 });
    expect(delivery!.attemptLog).toHaveLength(23);
  });

  it("delivers one invoice's events in order: a later event waits while an earlier one fails", async () => {
    const db = database.prisma;
    const name = unique("ordered");
    let failCreated = true;
    const { received, subscriber } = recorder(name, (event) => (event.type === "invoice.created" && failCreated ? new Error("503") : null));
    const { workspace, customer } = await aVendor(db);
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
    expect(received.filter((e) => e.aggregateId === invoice.id).map((e) => e.type)).toEqual([
      "invoice.created",
      "invoice.created",
      "invoice.issued",
    ]);
  });

  it("shares work between dispatchers without delivering anything twice", async () => {
    const db = database.prisma;
    const name = unique("shared");
    const { received, subscriber } = recorder(name);
    const { workspace, customer } = await aVendor(db);
    await Promise.all(Array.from({ length: 20 }, () => anInvoice(db, workspace.id, customer.id, { issue: false })));
    const time = testClock();
    const dispatchers = [1, 2, 3].map((n) => createDispatcher(db, { subscribers: [subscriber], owner: `instance-${n}`, batchSize: 3, now: time.now }));
    for (let round = 0; round < 10; round++) await Promise.all(dispatchers.map((d) => d.runOnce()));
    expect(received).toHaveLength(20);
    expect(new Set(received.map((event) => event.id)).size).toBe(20);
  });

  it("takes over a claim whose lease expired (its instance crashed)", async () => {
    const db = database.prisma;
    const name = unique("lease");
    const { received, subscriber } = recorder(name);
    const hanging: Subscriber = { ...subscriber, deliver: () => new Promise(() => {}) };
    const { workspace, customer } = await aVendor(db);
    await anInvoice(db, workspace.id, customer.id, { issue: false });
    const time = testClock();
    const crashed = createDispatcher(db, { subscribers: [hanging], now: time.now, leaseMs: 30_000, owner: "crashed" });
    void crashed.runOnce();
    await expect.poll(async () => (await createdEvents(name))[0]?.leaseOwner).toBe("crashed");
    const survivor = createDispatcher(db, { subscribers: [subscriber], now: time.now, owner: "survivor" });
    expect(await survivor.runOnce()).toMatchObject({ claimed: 0 });
    time.advance(30_001);
    expect(await survivor.runOnce()).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(1);
    expect((await createdEvents(name))[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("keeps a lease under clock skew: an instance whose own clock runs 2 minutes fast takes over nothing still being sent", async () => {
    const db = database.prisma;
    const name = unique("skew");
    const { received, subscriber } = recorder(name);
    const hanging: Subscriber = { ...subscriber, deliver: () => new Promise(() => {}) };
    const { workspace, customer } = await aVendor(db);
    await anInvoice(db, workspace.id, customer.id, { issue: false });
    // Both instances keep the database's time; one machine's clock is 2 minutes ahead of the other's.
    const honest = createDatabaseClock(db);
    const fast = createDatabaseClock(db, () => Date.now() + 120_000);
    await Promise.all([honest.sync(), fast.sync()]);
    expect(Math.abs(fast.now().getTime() - honest.now().getTime())).toBeLessThan(1_000);

    const sending = createDispatcher(db, { subscribers: [hanging], now: honest.now, leaseMs: 30_000, owner: "honest" });
    void sending.runOnce();
    await expect.poll(async () => (await createdEvents(name))[0]?.leaseOwner).toBe("honest");
    const skewed = createDispatcher(db, { subscribers: [subscriber], now: fast.now, leaseMs: 30_000, owner: "fast" });
    expect(await skewed.runOnce()).toMatchObject({ claimed: 0 });
    expect(received).toHaveLength(0);
  });
});

describe("backoffDelay", () => {
  it("doubles from the base, with jitter between half and all of it, and is capped", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
