import { errorMessage, log } from "#app/platform/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { trimDeliveredEvents, unservedSubscribers } from "#app/platform/outbox/outbox.server.ts";
import { subscriberNeeds } from "#app/platform/outbox/subscriptions.server.ts";
import { detectOverdue } from "#app/billing/overdue.server.ts";
import { detectClientReminders } from "#app/billing/reminders.server.ts";
import { detectEngagementChanges } from "#app/billing/engagement.server.ts";
import { detectWeeklyDigests } from "#app/billing/digest.server.ts";
import { detectQuoteExpiry } from "#app/billing/quotes.server.ts";
import { storedDocumentDays, trimStoredDocuments } from "#app/documents/stored.server.ts";
import { detectInstalmentNotices } from "#app/billing/instalments.server.ts";
import { issueDueOccurrences } from "#app/billing/schedules.server.ts";

const periodicCheckMs = 10 * 60_000;
const clockSyncMs = 60_000;
const retentionCheckMs = 60 * 60_000;
const unservedCheckMs = 60_000;
const dayMs = 86_400_000;
const catchUpDelayMs = 5_000;

/** A job's failure, logged: it runs again at its next turn, and a failed check does not stop the next one. */
const logFailure = (message: string) => (error: unknown) => log.error(message, { error: errorMessage(error) });

/**
 * What a running server checks every ten minutes, in this order: each finds what is due and
 * queues it, answering how many (or how many of each kind), and the log says so when it found any.
 */
export const periodicChecks: { found: string; failed: string; run: (db: Db, now: Date) => Promise<number | Record<string, number>> }[] = [
  // Recurring invoices: today's occurrences, and any missed while no server ran (docs/decisions/130).
  {
    found: "Recurring invoices issued",
    failed: "Recurring invoice check failed",
    run: (db, now) => issueDueOccurrences(db, now, (scheduleId, error) => log.error("Recurring invoice failed", { scheduleId, error: errorMessage(error) })),
  },
  { found: "Overdue invoices found", failed: "Overdue check failed", run: detectOverdue },
  { found: "Client reminders due", failed: "Reminder check failed", run: detectClientReminders },
  { found: "Instalment alerts and reminders due", failed: "Instalment check failed", run: detectInstalmentNotices },
  { found: "Quotes expired or expiring soon", failed: "Quote expiry check failed", run: detectQuoteExpiry },
  { found: "Invoice engagement changed", failed: "Engagement check failed", run: detectEngagementChanges },
  { found: "Weekly collections digests due", failed: "Digest check failed", run: detectWeeklyDigests },
];

/** Background work of a running server: outbox delivery, the periodic checks, retention, the clock. */
export function startJobs(app: AppContext): () => Promise<void> {
  // Deliveries run side by side, each holding a pooled connection: a quarter of the pool at most,
  // so pages and webhooks still find a connection while a backlog drains on a slow database.
  const batchSize = Math.max(1, Math.floor(app.env.DATABASE_POOL_SIZE / 4));
  const dispatcher = createDispatcher(app.db, { subscribers: app.subscribers, maxAttempts: app.env.OUTBOX_MAX_ATTEMPTS, now: app.now, batchSize });
  dispatcher.start(app.env.OUTBOX_POLL_MS);

  const check = async () => {
    for (const { found, failed, run } of periodicChecks) {
      try {
        const result = await run(app.db, app.now());
        const counts = typeof result === "number" ? { count: result } : result;
        if (Object.values(counts).some(Boolean)) log.info(found, counts);
      } catch (error) {
        logFailure(failed)(error);
      }
    }
  };
  // The catch-up after a start (a missed day's recurring invoices, reminders, overdue notices) waits
  // until the server has been answering for a moment: a restarted instance is healthy first, and on
  // the embedded database its first health checks and pages would otherwise queue behind that work.
  const firstCheck = setTimeout(check, catchUpDelayMs);
  const timer = setInterval(check, periodicCheckMs);
  // Retention, hourly, in batches: delivered outbox events older than OUTBOX_RETENTION_DAYS, and stored PDFs rendered 30 days ago.
  const trim = async () => {
    const before = new Date(app.now().getTime() - app.env.OUTBOX_RETENTION_DAYS * dayMs);
    const events = await trimDeliveredEvents(app.db, before);
    if (events) log.info("Trimmed delivered outbox events", { events, olderThan: before.toISOString() });
    const documents = await trimStoredDocuments(app.db, new Date(app.now().getTime() - storedDocumentDays * dayMs));
    if (documents) log.info("Forgot stored documents rendered long ago", { documents });
  };
  const checkRetention = () => trim().catch(logFailure("Outbox retention failed"));
  const firstRetention = setTimeout(checkRetention, catchUpDelayMs);
  const retentionTimer = setInterval(checkRetention, retentionCheckMs);
  // Deliveries no running instance can make (its integration is configured nowhere): an error a minute, per subscriber.
  const checkUnserved = () =>
    unservedSubscribers(app.db, app.now())
      .then((unserved) => {
        for (const { subscriber, pending, oldest } of unserved) {
          log.error(
            `Outbox deliveries to ${subscriber} are waiting for an instance that can make them: give at least one instance ${subscriberNeeds(subscriber)}`,
            {
              subscriber,
              pending,
              oldest: oldest.toISOString(),
            },
          );
        }
      })
      .catch(logFailure("Outbox check failed"));
  const unservedTimer = setInterval(checkUnserved, unservedCheckMs);
  const clockTimer = setInterval(
    () =>
      void app.syncClock().catch((error: unknown) => log.warn("Could not read the database's clock; keeping the last offset", { error: errorMessage(error) })),
    clockSyncMs,
  );

  return async () => {
    clearTimeout(firstCheck);
    clearTimeout(firstRetention);
    clearInterval(timer);
    clearInterval(clockTimer);
    clearInterval(retentionTimer);
    clearInterval(unservedTimer);
    await dispatcher.stop();
  };
}
