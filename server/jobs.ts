import { errorMessage, log } from "#app/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { createDispatcher } from "#app/domain/dispatcher.server.ts";
import { detectOverdue } from "#app/domain/overdue.server.ts";
import { detectClientReminders } from "#app/domain/reminders.server.ts";

const overdueCheckMs = 10 * 60_000;

/** Background work of a running server: outbox delivery, the overdue check and the client reminders. */
export function startJobs(app: AppContext): () => Promise<void> {
  const dispatcher = createDispatcher(app.db, { maxAttempts: app.env.OUTBOX_MAX_ATTEMPTS });
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

  return async () => {
    clearInterval(timer);
    await dispatcher.stop();
  };
}
