import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "#app/platform/db/database.server.ts";
import { Prisma } from "#app/generated/prisma/client.ts";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { PermanentDeliveryError, RetryLaterError, type DeliveredEvent, type EventType, type Subscriber } from "#app/ports/events.ts";
import { retryWhileUnavailable } from "#app/platform/db/database-errors.server.ts";

export interface DispatcherOptions {
  /**
   * What this instance can deliver (the composition root's choice). Deliveries to any other
   * subscriber are left for an instance that can make them.
   */
  subscribers: Subscriber[];
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts?: number;
  /**
   * How long a claim is exclusive; a crashed instance's claims are taken over after it. The lease
   * is renewed every third of it while a delivery is being made, so a slow send keeps its claim.
   */
  leaseMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  batchSize?: number;
  owner?: string;
  /** The app's clock (docs/decisions/007): the database's in production, so leases hold under skew. */
  now: () => Date;
  random?: () => number;
}

export interface DispatchResult {
  delivered: number;
  retried: number;
  dead: number;
}

interface ClaimedRow {
  id: string;
  subscriber: string;
  attempts: number;
  eventId: string;
  sequence: bigint;
  type: string;
  workspaceId: string;
  aggregateId: string;
  payload: unknown;
  createdAt: Date;
}

/**
 * Exponential backoff with jitter: attempt n waits between half and all of base·2^(n-1),
 * capped, so instances retrying after an outage do not stampede together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Delivers outbox events to subscribers at least once. Deliveries are claimed with
 * FOR UPDATE SKIP LOCKED and a lease, so several instances share the work; deliveries for
 * the same subscriber and aggregate (invoice) go one at a time, in event order.
 */
export function createDispatcher(db: Db, options: DispatcherOptions) {
  const maxAttempts = options.maxAttempts ?? 12;
  const leaseMs = options.leaseMs ?? 30_000;
  const baseDelayMs = options.baseDelayMs ?? 2_000;
  const maxDelayMs = options.maxDelayMs ?? 3_600_000;
  const batchSize = options.batchSize ?? 10;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { now } = options;
  const random = options.random ?? Math.random;
  const byName = new Map<string, Subscriber>(options.subscribers.map((subscriber) => [subscriber.name, subscriber]));

  async function claim(names: string[]): Promise<ClaimedRow[]> {
    const at = now();
    return db.$queryRaw<ClaimedRow[]>`
      UPDATE "Delivery" AS d
      SET "leaseOwner" = ${owner}, "leaseUntil" = ${new Date(at.getTime() + leaseMs)}, "attempts" = d."attempts" + 1
      FROM "OutboxEvent" AS e
      WHERE e."id" = d."eventId" AND d."id" IN (
        SELECT c."id" FROM "Delivery" AS c JOIN "OutboxEvent" AS ce ON ce."id" = c."eventId"
        WHERE c."status" = 'pending' AND c."nextAttemptAt" <= ${at}
          AND (c."leaseUntil" IS NULL OR c."leaseUntil" < ${at})
          AND c."subscriber" IN (${Prisma.join(names)})
          AND NOT EXISTS (
            SELECT 1 FROM "Delivery" AS p JOIN "OutboxEvent" AS pe ON pe."id" = p."eventId"
            WHERE p."subscriber" = c."subscriber" AND p."aggregateId" = c."aggregateId"
              AND p."status" = 'pending' AND pe."sequence" < ce."sequence")
        ORDER BY ce."sequence"
        LIMIT ${batchSize}
        FOR UPDATE OF c SKIP LOCKED)
      RETURNING d."id", d."subscriber", d."attempts", e."id" AS "eventId", e."sequence", e."type",
        e."workspaceId", e."aggregateId", e."payload", e."createdAt"`;
  }

  async function deliverOne(row: ClaimedRow, subscriber: Subscriber): Promise<keyof DispatchResult> {
    const startedAt = now();
    const event = {
      id: row.eventId,
      sequence: row.sequence,
      type: row.type as EventType,
      workspaceId: row.workspaceId,
      aggregateId: row.aggregateId,
      payload: row.payload,
      createdAt: row.createdAt,
    } as DeliveredEvent;
    const mine = { id: row.id, leaseOwner: owner };
    let failure: unknown = null;
    const renewal = setInterval(() => {
      db.delivery
        .updateMany({ where: mine, data: { leaseUntil: new Date(now().getTime() + leaseMs) } })
        .catch((error: unknown) =>
          log.warn("Could not renew a delivery's lease", { subscriber: row.subscriber, eventId: row.eventId, error: errorMessage(error) }),
        );
    }, leaseMs / 3);
    try {
      await subscriber.deliver(event);
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(renewal);
    }
    const finishedAt = now();
    const attempt = {
      deliveryId: row.id,
      number: row.attempts,
      startedAt,
      finishedAt,
      ok: failure === null,
      error: failure === null ? null : errorMessage(failure).slice(0, 2000),
    };
    if (failure === null) {
      await persistently(() =>
        db.$transaction([
          db.delivery.updateMany({ where: mine, data: { status: "delivered", deliveredAt: finishedAt, leaseOwner: null, leaseUntil: null, lastError: null } }),
          db.deliveryAttempt.create({ data: attempt }),
        ]),
      );
      return "delivered";
    }
    // "Later" (a 429's Retry-After, a paused limiter, a row another instance is writing) is the
    // service pacing us, not a failure: it waits as asked and gives its attempt back.
    const later = failure instanceof RetryLaterError ? failure : null;
    const dead = failure instanceof PermanentDeliveryError || (!later && row.attempts >= maxAttempts);
    const delay = later ? later.retryAfterMs : backoffDelay(row.attempts, baseDelayMs, maxDelayMs, random);
    await persistently(() =>
      db.$transaction([
        db.delivery.updateMany({
          where: mine,
          data: {
            ...(later ? { attempts: { decrement: 1 } } : {}),
            status: dead ? "dead" : "pending",
            nextAttemptAt: new Date(finishedAt.getTime() + delay),
            leaseOwner: null,
            leaseUntil: null,
            lastError: attempt.error,
          },
        }),
        db.deliveryAttempt.create({ data: attempt }),
      ]),
    );
    const fields = { subscriber: row.subscriber, event: row.type, eventId: row.eventId, attempt: row.attempts, error: attempt.error };
    if (dead) log.error("Delivery dead-lettered", fields);
    else log.warn("Delivery failed; will retry", { ...fields, retryInMs: delay });
    return dead ? "dead" : "retried";
  }

  /**
   * Writes a delivery's outcome, trying again while the database is briefly away (a cut, a
   * failover) for as long as the lease lasts: a delivery made but not recorded would be made
   * again by whoever takes the lease over.
   */
  const persistently = (write: () => Promise<unknown>) =>
    retryWhileUnavailable(write, leaseMs, (error) => log.warn("Could not record a delivery's outcome; trying again", { error: errorMessage(error) }));

  /** Claims one batch and delivers it. Returns what happened, for tests and the loop. */
  async function runOnce(): Promise<DispatchResult & { claimed: number }> {
    const result = { delivered: 0, retried: 0, dead: 0, claimed: 0 };
    if (byName.size === 0) return result;
    const rows = await claim([...byName.keys()]);
    result.claimed = rows.length;
    const outcomes = await Promise.all(rows.map((row) => deliverOne(row, byName.get(row.subscriber)!)));
    for (const outcome of outcomes) result[outcome]++;
    return result;
  }

  let running: Promise<void> | null = null;
  let stopping = false;
  let wakeUp: () => void = () => {};

  /** Polls until stopped; a full batch is followed at once by the next. */
  function start(pollMs: number): void {
    if (running) return;
    stopping = false;
    running = (async () => {
      while (!stopping) {
        let claimed = 0;
        try {
          claimed = (await runOnce()).claimed;
        } catch (error) {
          log.error("Outbox dispatcher failed; retrying", { error: errorMessage(error) });
        }
        if (claimed < batchSize && !stopping) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
  }

  async function stop(): Promise<void> {
    stopping = true;
    wakeUp();
    await running;
    running = null;
  }

  return { runOnce, start, stop, owner };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
