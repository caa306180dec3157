import type { Db } from "#app/platform/db/database.server.ts";
import type { Dispatcher } from "#app/platform/outbox/dispatcher.server.ts";

/** Delivers whatever is due now. */
export async function deliverDue(dispatcher: Dispatcher): Promise<void> {
  while ((await dispatcher.runOnce()).claimed > 0);
}

/**
 * After an outage: delivers what is due, then moves the dispatcher's clock (`skip`) to
 * `subscriber`'s next retry, until none of its deliveries is pending.
 */
export async function deliverRetries(db: Db, dispatcher: Dispatcher, subscriber: string, now: () => Date, skip: (ms: number) => void): Promise<void> {
  for (let round = 0; round < 500; round++) {
    await deliverDue(dispatcher);
    if (!(await db.delivery.count({ where: { subscriber, status: "pending" } }))) return;
    const next = await db.delivery.findFirst({ where: { subscriber, status: "pending", nextAttemptAt: { gt: now() } }, orderBy: { nextAttemptAt: "asc" } });
    if (next) skip(next.nextAttemptAt.getTime() - now().getTime());
  }
}
