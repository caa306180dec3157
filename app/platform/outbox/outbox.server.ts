import type { Prisma } from "#app/generated/prisma/client.ts";
import type { EventType, NewEvent, Subscriber } from "#app/ports/events.ts";

/** A Prisma client or an open transaction: the outbox is written in the caller's transaction. */
export type Tx = Prisma.TransactionClient;

/** Subscribers known to this process, registered once at start-up by the composition root. */
const subscribers = new Map<string, Subscriber>();

export function registerSubscriber(subscriber: Subscriber): void {
  subscribers.set(subscriber.name, subscriber);
}

export function unregisterSubscriber(name: string): void {
  subscribers.delete(name);
}

export function registeredSubscribers(): Subscriber[] {
  return [...subscribers.values()];
}

/**
 * Records an event and one pending delivery per interested subscriber, in the caller's
 * transaction. `at` is the injected clock's time (docs/decisions/007): the event is stamped with
 * it and its deliveries are due from it, so a clock a test or the database sets decides both.
 */
export async function emit<Type extends EventType>(tx: Tx, event: NewEvent<Type>, at: Date): Promise<void> {
  const targets = registeredSubscribers().filter((subscriber) => subscriber.accepts(event.type));
  await tx.outboxEvent.create({
    data: {
      type: event.type,
      workspaceId: event.workspaceId,
      aggregateId: event.aggregateId,
      payload: event.payload as unknown as Prisma.InputJsonValue,
      createdAt: at,
      deliveries: {
        create: targets.map((subscriber) => ({ subscriber: subscriber.name, aggregateId: event.aggregateId, nextAttemptAt: at, createdAt: at })),
      },
    },
  });
}

export type DeliveryState = "pending" | "delivered" | "dead";

/** Deliveries in a state, newest first, with their event, for the operator CLI. */
export async function listDeliveries(db: Tx, status: DeliveryState, take = 50) {
  return db.delivery.findMany({
    where: { status },
    include: { event: true },
    orderBy: { createdAt: "desc" },
    take,
  });
}

/** Puts a dead delivery back in the queue, due now, with a fresh attempt budget. */
export async function retryDeadDelivery(db: Tx, deliveryId: string, now: Date): Promise<boolean> {
  const { count } = await db.delivery.updateMany({
    where: { id: deliveryId, status: "dead" },
    data: { status: "pending", attempts: 0, nextAttemptAt: now, lastError: null },
  });
  return count === 1;
}

/** Puts every dead delivery of one event of a workspace back in the queue, due now; how many. */
export async function retryDeadDeliveriesOf(db: Tx, workspaceId: string, eventId: string, now: Date): Promise<number> {
  const { count } = await db.delivery.updateMany({
    where: { eventId, status: "dead", event: { workspaceId } },
    data: { status: "pending", attempts: 0, nextAttemptAt: now, lastError: null },
  });
  return count;
}

/**
 * Retention: forgets events older than `before` whose every delivery was made before it (an
 * event with a pending or dead delivery is kept, however old), with their deliveries and
 * attempts, `batchSize` events per statement so no transaction grows large. Returns how many
 * were forgotten.
 */
export async function trimDeliveredEvents(db: Tx, before: Date, batchSize = 1_000): Promise<number> {
  let total = 0;
  for (;;) {
    const trimmed = await trimBatch(db, before, batchSize);
    total += trimmed;
    if (trimmed < batchSize) return total;
  }
}

function trimBatch(db: Tx, before: Date, batchSize: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "OutboxEvent" WHERE "id" IN (
      SELECT e."id" FROM "OutboxEvent" AS e
      WHERE e."createdAt" < ${before}
        AND NOT EXISTS (
          SELECT 1 FROM "Delivery" AS d
          WHERE d."eventId" = e."id" AND (d."status" <> 'delivered' OR d."deliveredAt" >= ${before}))
      ORDER BY e."sequence"
      LIMIT ${batchSize})`;
}
