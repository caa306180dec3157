import { errorMessage, log } from "#app/platform/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { trimDeliveredEvents } from "#app/platform/outbox/outbox.server.ts";
import { detectOverdue } from "#app/billing/overdue.server.ts";
import { detectClientReminders } from "#app/billing/reminders.server.ts";

const overdueCheckMs = 10 * 60_000;
const clockSyncMs = 60_000;
const retentionCheckMs = 60 * 60_000;
const dayMs = 86_400_000;

/** Background work of a running server: outbox delivery, the overdue check, client reminders, outbox retention. */
export function startJobs(app: AppContext): () => Promise<void> {
  const dispatcher = createDispatcher(app.db, { maxAttempts: app.env.OUTBOX_MAX_ATTEMPTS, now: app.now });
  dispatcher.start(app.env.OUTBOX_POLL_MS);

  const checkOverdue = () =>
    detectOverdue(app.db, app.now())
      .then((count) => count && log.info("Overdue invoices found", { count }))
      .catch((error: unknown) => log.error("Overdue check failed", { error: errorMessage(error) }));
  const checkReminders = () =>
    detectClientReminders(app.db, app.now())
      .then((count) => count && log.info("Client reminders due", { count }))
      .catch((error: unknown) => log.error("Reminder check failed", { error: errorMessage(error) }));
  const check = () => checkOverdue().then(checkReminders);
  void check();
  const timer = setInterval(check, overdueCheckMs);
  // Outbox retention: delivered events older than OUTBOX_RETENTION_DAYS go, in batches, hourly.
  const trim = async () => {
    const before = new Date(app.now().getTime() - app.env.OUTBOX_RETENTION_DAYS * dayMs);
    const events = await trimDeliveredEvents(app.db, before);
    if (events) log.info("Trimmed delivered outbox events", { events, olderThan: before.toISOString() });
  };
  const checkRetention = () => trim().catch((error: unknown) => log.error("Outbox retention failed", { error: errorMessage(error) }));
  void checkRetention();
  const retentionTimer = setInterval(checkRetention, retentionCheckMs);
  const clockTimer = setInterval(
    () => void app.syncClock().catch((error: unknown) => log.warn("Could not read the database's clock; keeping the last offset", { error: errorMessage(error) })),
    clockSyncMs,
  );

  return async () => {
    clearInterval(timer);
    clearInterval(clockTimer);
    clearInterval(retentionTimer);
    await dispatcher.stop();
  };
}
