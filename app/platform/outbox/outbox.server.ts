import { randomUUID } from "node:crypto";
import { Prisma } from "#app/generated/prisma/client.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import type { EventType, NewEvent } from "#app/ports/events.ts";
import { subscriptionsOf } from "./subscriptions.server.ts";

/** A Prisma client or an open transaction: the outbox is written in the caller's transaction. */
export type Tx = Prisma.TransactionClient;

/**
 * Records an event and one pending delivery per subscriber it concerns (subscriptions.server.ts:
 * the same in every instance, whatever each is configured with), in the caller's transaction.
 * `at` is the injected clock's time (docs/decisions/007): the event is stamped with it and its
 * deliveries are due from it, so a clock a test or the database sets decides both.
 *
 * One statement, one round trip: it reads what decides the audience (the workspace's Slack and
 * Notion, the invoice's open Checkout pages), inserts the event and inserts the deliveries of
 * the subscribers that audience concerns; a subscriber it does not concern gets no row
 * (docs/decisions/158).
 */
export async function emit<Type extends EventType>(tx: Tx, event: NewEvent<Type>, at: Date): Promise<void> {
  const candidates = subscriptionsOf(event.type);
  const inserted = Prisma.sql`
    INSERT INTO "OutboxEvent" ("id", "type", "workspaceId", "aggregateId", "payload", "createdAt")
    VALUES (${randomUUID()}, ${event.type}, ${event.workspaceId}, ${event.aggregateId}, ${JSON.stringify(event.payload)}::jsonb, ${at})`;
  if (!candidates.length) {
    await tx.$executeRaw(inserted);
    return;
  }
  const invoiceId = (event.payload as { invoiceId?: unknown }).invoiceId;
  const openCheckout = candidates.some((candidate) => candidate.when === "openCheckout") && typeof invoiceId === "string";
  await tx.$executeRaw`
    WITH "event" AS (${inserted} RETURNING "id"),
    "audience" AS (
      SELECT
        coalesce(w."slackTeamId", '') <> '' OR coalesce(w."alertChannelId", '') <> '' AS "slack",
        EXISTS (SELECT 1 FROM "NotionConnection" AS n WHERE n."workspaceId" = ${event.workspaceId}) AS "notion",
        ${openCheckout} AND EXISTS (SELECT 1 FROM "CheckoutAttempt" AS c WHERE c."invoiceId" = ${openCheckout ? invoiceId : null} AND c."status" = 'open') AS "openCheckout"
      FROM (SELECT 1) AS "one" LEFT JOIN "Workspace" AS w ON w."id" = ${event.workspaceId}
    )
    INSERT INTO "Delivery" ("id", "eventId", "subscriber", "aggregateId", "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid()::text, "event"."id", s."subscriber", ${event.aggregateId}, ${at}, ${at}
    FROM "event", "audience", (VALUES ${Prisma.join(candidates.map(({ subscriber, when }) => Prisma.sql`(${subscriber}, ${when})`))}) AS s("subscriber", "when")
    WHERE CASE s."when"
      WHEN 'slack' THEN "audience"."slack"
      WHEN 'notion' THEN "audience"."notion"
      WHEN 'openCheckout' THEN "audience"."openCheckout"
      ELSE s."when" = 'always' END`;
}

/**
 * Emits `event` at most once, with the row that says it was: `claim` writes that row in the
 * same transaction (a key, or a condition on the row as it was read, makes a second writer
 * find it done) and says whether the event is to go out; when it is not, nothing is emitted.
 * Jobs on several instances can run this for the same thing at the same moment. Returns
 * whether the event was emitted.
 */
export async function emitOnce<Type extends EventType>(db: Db, claim: (tx: Tx) => Promise<boolean>, event: NewEvent<Type>, at: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await claim(tx))) return false;
    await emit(tx, event, at);
    return true;
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

/** How long a due delivery may wait untried before it counts as one no running instance can make. */
export const unservedAfterMs = 5 * 60_000;

export interface UnservedSubscriber {
  subscriber: string;
  /** Its pending deliveries, all waiting behind the first untried ones. */
  pending: number;
  oldest: Date;
}

/**
 * Subscribers whose deliveries no running instance makes: a delivery first in its line (no
 * earlier pending one for the same subscriber and aggregate), due for `unservedAfterMs`, and
 * never tried. Every instance claims what it can deliver within a poll, so such a delivery waits
 * for an instance configured for its subscriber (docs/decisions/074).
 */
export async function unservedSubscribers(db: Tx, now: Date): Promise<UnservedSubscriber[]> {
  const due = new Date(now.getTime() - unservedAfterMs);
  const waiting = await db.$queryRaw<{ subscriber: string }[]>`
    SELECT DISTINCT c."subscriber" FROM "Delivery" AS c JOIN "OutboxEvent" AS ce ON ce."id" = c."eventId"
    WHERE c."status" = 'pending' AND c."attempts" = 0 AND c."nextAttemptAt" <= ${due}
      AND NOT EXISTS (SELECT 1 FROM "DeliveryAttempt" AS a WHERE a."deliveryId" = c."id")
      AND NOT EXISTS (
        SELECT 1 FROM "Delivery" AS p JOIN "OutboxEvent" AS pe ON pe."id" = p."eventId"
        WHERE p."subscriber" = c."subscriber" AND p."aggregateId" = c."aggregateId"
          AND p."status" = 'pending' AND pe."sequence" < ce."sequence")`;
  if (!waiting.length) return [];
  const counts = await db.delivery.groupBy({
    by: ["subscriber"],
    where: { status: "pending", subscriber: { in: waiting.map((row) => row.subscriber) } },
    _count: { _all: true },
    _min: { createdAt: true },
    orderBy: { subscriber: "asc" },
  });
  return counts.map((row) => ({ subscriber: row.subscriber, pending: row._count._all, oldest: row._min.createdAt ?? now }));
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
