import { errorMessage, log } from "#app/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { createDispatcher } from "#app/domain/dispatcher.server.ts";
import { detectOverdue } from "#app/domain/overdue.server.ts";

const overdueCheckMs = 10 * 60_000;
const clockSyncMs = 60_000;

/** Background work of a running server: outbox delivery and the overdue check. */
export function startJobs(app: AppContext): () => Promise<void> {
  const dispatcher = createDispatcher(app.db, { maxAttempts: app.env.OUTBOX_MAX_ATTEMPTS, now: app.now });
  dispatcher.start(app.env.OUTBOX_POLL_MS);

  const checkOverdue = () =>
    detectOverdue(app.db, app.now())
      .then((count) => count && log.info("Overdue invoices found", { count }))
      .catch((error: unknown) => log.error("Overdue check failed", { error: errorMessage(error) }));
  void checkOverdue();
  const timer = setInterval(checkOverdue, overdueCheckMs);
  const clockTimer = setInterval(
    () => void app.syncClock().catch((error: unknown) => log.warn("Could not read the database's clock; keeping the last offset", { error: errorMessage(error) })),
    clockSyncMs,
  );

  return async () => {
    clearInterval(timer);
    clearInterval(clockTimer);
    await dispatcher.stop();
  };
}
