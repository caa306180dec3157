import type { ServerBuild } from "@remix-run/node";
import { publicUrl } from "#app/platform/config/env.server.ts";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { createHttpApp, listen } from "./http.ts";
import { answerBackups } from "./backup.ts";
import { startJobs } from "./jobs.ts";
import { createDrain } from "./shutdown.ts";

/** A newcomer can click straight into the portal as each demo customer (on a terminal: links stay out of logs). */
async function printDemoLinks(app: AppContext, print: (line: string) => void): Promise<void> {
  const customers = await app.db.customer.findMany({ where: { workspace: { isDemo: true } }, orderBy: { createdAt: "asc" } });
  if (!customers.length) return;
  print("Portal links for the demo customers:");
  for (const customer of customers) {
    const link = await issueCustomerLink(app, { workspaceId: customer.workspaceId, customerId: customer.id, ttlDays: app.env.PORTAL_LINK_TTL_DAYS });
    print(`  ${customer.name.padEnd(24)} ${link.url}`);
  }
}

export interface ServeOptions {
  /** Standard output is a terminal: a person reads it (demo links are printed), not a log collector. */
  interactive: boolean;
  /** Resolves with the signal that asks the server to stop. */
  stopSignal?: Promise<string>;
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      // A second signal while stopping: the operator means now.
      process.once(signal, () => {
        log.warn("Second stop signal: exiting at once", { signal });
        process.exit(1);
      });
      resolve(signal);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/**
 * Serves HTTP and runs the jobs until SIGINT/SIGTERM, then stops within SHUTDOWN_TIMEOUT_MS:
 * no new connections, in-flight requests answered with `Connection: close`, jobs stopped
 * (claimed deliveries finished or handed back), the database closed.
 */
export async function serve(build: ServerBuild, app: AppContext, print: (line: string) => void, options: ServeOptions): Promise<void> {
  const { env, database } = app;
  const say = (line: string) => (options.interactive ? print(line) : log.info(line));
  const stopSignal = options.stopSignal ?? signalled();
  // Notion being down or misconfigured must not keep the portal from serving: say so and go on.
  await app.notion
    .applyEnvironment()
    .then((message) => message && say(message))
    .catch((error: unknown) =>
      log.error("Notion settings from the environment were not applied; they are tried again at the next start", { error: errorMessage(error) }),
    );
  if (options.interactive) await printDemoLinks(app, print);
  say(app.email.describe());
  // An SMTP server that is down or refuses the login is said at once; emails wait in the outbox meanwhile.
  void app.email.verify().catch((error: unknown) =>
    log.warn("The email settings did not work; emails wait in the outbox until they do (check with `remit email test --to you@…`)", {
      error: errorMessage(error),
    }),
  );
  const drain = createDrain();
  const server = await listen(createHttpApp(build, app, drain), env.HOST, env.PORT);
  const stopJobs = startJobs(app);
  const stopBackups = await answerBackups(database);
  const stopHearing = await app.linkStates.listenTo(database);
  app.health.start();
  await app.slack?.start();
  const where = database.kind === "embedded" ? `embedded database in ${database.location}` : `PostgreSQL at ${database.location}`;
  say(`Remit ${app.version} is serving ${publicUrl(env)} (${where}).`);

  const signal = await stopSignal;
  const started = Date.now();
  app.health.stop();
  log.info("Shutting down", { signal, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
  // Whatever hangs, the process ends: a little after the deadline, at the latest.
  setTimeout(() => {
    log.error("Shutdown did not finish in time; exiting", { timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS + 5_000).unref();
  const [http] = await Promise.all([drain.drain(server, env.SHUTDOWN_TIMEOUT_MS), app.slack?.stop(), stopJobs(), stopBackups(), stopHearing()]);
  if (http.forced) log.warn("Requests still running at the shutdown deadline were cut off", { timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
  app.email.close();
  await database.close();
  log.info("Stopped", { signal, durationMs: Date.now() - started });
}
