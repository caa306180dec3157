import { errorMessage, log } from "#app/platform/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
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

const overdueCheckMs = 10 * 60_000;
const clockSyncMs = 60_000;
const retentionCheckMs = 60 * 60_000;
const unservedCheckMs = 60_000;
const dayMs = 86_400_000;
const catchUpDelayMs = 5_000;

/** Background work of a running server: outbox delivery, recurring invoices, the overdue check, client reminders, quote expiry, engagement changes, weekly digests, retention. */
export function startJobs(app: AppContext): () => Promise<void> {
  // Deliveries run side by side, each holding a pooled connection: a quarter of the pool at most,
  // so pages and webhooks still find a connection while a backlog drains on a slow database.
  const batchSize = Math.max(1, Math.floor(app.env.DATABASE_POOL_SIZE / 4));
  const dispatcher = createDispatcher(app.db, { subscribers: app.subscribers, maxAttempts: app.env.OUTBOX_MAX_ATTEMPTS, now: app.now, batchSize });
  dispatcher.start(app.env.OUTBOX_POLL_MS);

  const checkOverdue = () =>
    detectOverdue(app.db, app.now())
      .then((count) => count && log.info("Overdue invoices found", { count }))
      .catch((error: unknown) => log.error("Overdue check failed", { error: errorMessage(error) }));
  const checkReminders = () =>
    detectClientReminders(app.db, app.now())
      .then((count) => count && log.info("Client reminders due", { count }))
      .catch((error: unknown) => log.error("Reminder check failed", { error: errorMessage(error) }));
  const checkInstalments = () =>
    detectInstalmentNotices(app.db, app.now())
      .then((count) => count && log.info("Instalment alerts and reminders due", { count }))
      .catch((error: unknown) => log.error("Instalment check failed", { error: errorMessage(error) }));
  // Recurring invoices: today's occurrences, and any missed while no server ran (docs/decisions/130).
  const issueRecurring = () =>
    issueDueOccurrences(app.db, app.now(), (scheduleId, error) => log.error("Recurring invoice failed", { scheduleId, error: errorMessage(error) }))
      .then((count) => count && log.info("Recurring invoices issued", { count }))
      .catch((error: unknown) => log.error("Recurring invoice check failed", { error: errorMessage(error) }));
  const checkEngagement = () =>
    detectEngagementChanges(app.db, app.now())
      .then((count) => count && log.info("Invoice engagement changed", { count }))
      .catch((error: unknown) => log.error("Engagement check failed", { error: errorMessage(error) }));
  const checkDigests = () =>
    detectWeeklyDigests(app.db, app.now())
      .then((count) => count && log.info("Weekly collections digests due", { count }))
      .catch((error: unknown) => log.error("Digest check failed", { error: errorMessage(error) }));
  const checkQuotes = () =>
    detectQuoteExpiry(app.db, app.now())
      .then(({ expired, expiring }) => (expired || expiring) && log.info("Quotes expired or expiring soon", { expired, expiring }))
      .catch((error: unknown) => log.error("Quote expiry check failed", { error: errorMessage(error) }));
  const check = () =>
    issueRecurring().then(checkOverdue).then(checkReminders).then(checkInstalments).then(checkQuotes).then(checkEngagement).then(checkDigests);
  // The catch-up after a start (a missed day's recurring invoices, reminders, overdue notices) waits
  // until the server has been answering for a moment: a restarted instance is healthy first, and on
  // the embedded database its first health checks and pages would otherwise queue behind that work.
  const firstCheck = setTimeout(check, catchUpDelayMs);
  const timer = setInterval(check, overdueCheckMs);
  // Retention, hourly, in batches: delivered outbox events older than OUTBOX_RETENTION_DAYS, and stored PDFs rendered 30 days ago.
  const trim = async () => {
    const before = new Date(app.now().getTime() - app.env.OUTBOX_RETENTION_DAYS * dayMs);
    const events = await trimDeliveredEvents(app.db, before);
    if (events) log.info("Trimmed delivered outbox events", { events, olderThan: before.toISOString() });
    const documents = await trimStoredDocuments(app.db, new Date(app.now().getTime() - storedDocumentDays * dayMs));
    if (documents) log.info("Forgot stored documents rendered long ago", { documents });
  };
  const checkRetention = () => trim().catch((error: unknown) => log.error("Outbox retention failed", { error: errorMessage(error) }));
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
      .catch((error: unknown) => log.error("Outbox check failed", { error: errorMessage(error) }));
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
