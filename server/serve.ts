import type { ServerBuild } from "@remix-run/node";
import { publicUrl } from "#app/config/env.server.ts";
import { errorMessage, log } from "#app/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { loadDemo } from "#app/domain/demo.server.ts";
import { issueCustomerLink } from "#app/portal/links.server.ts";
import { closeServer, createHttpApp, listen } from "./http.ts";
import { startJobs } from "./jobs.ts";

/** A newcomer can click straight into the portal as each demo customer. */
async function printDemoLinks(app: AppContext, print: (line: string) => void): Promise<void> {
  const customers = await app.db.customer.findMany({ where: { workspace: { isDemo: true } }, orderBy: { createdAt: "asc" } });
  if (!customers.length) return;
  print("Portal links for the demo customers:");
  for (const customer of customers) {
    const link = await issueCustomerLink(app, { workspaceId: customer.workspaceId, customerId: customer.id, ttlDays: app.env.PORTAL_LINK_TTL_DAYS });
    print(`  ${customer.name.padEnd(24)} ${link.url}`);
  }
}

/** Serves HTTP and runs the jobs until SIGINT/SIGTERM, then shuts down cleanly. */
export async function serve(build: ServerBuild, app: AppContext, print: (line: string) => void): Promise<void> {
  const { env, db, database } = app;
  if (env.DEMO && (await db.workspace.count()) === 0) {
    const demo = await loadDemo(db, app.now());
    if (demo) print(`Loaded demo data: ${demo.customers.length} customers, ${demo.invoices} invoices (set DEMO=off to skip).`);
  }
  // Notion being down or misconfigured must not keep the portal from serving: say so and go on.
  await app.notion
    .applyEnvironment()
    .then((message) => message && print(message))
    .catch((error: unknown) =>
      log.error("Notion settings from the environment were not applied; they are tried again at the next start", { error: errorMessage(error) }),
    );
  await printDemoLinks(app, print);
  print(app.email.describe());
  // An SMTP server that is down or refuses the login is said at once; emails wait in the outbox meanwhile.
  void app.email
    .verify()
    .catch((error: unknown) => log.warn("The email settings did not work; emails wait in the outbox until they do (check with `remit email test --to you@…`)", { error: errorMessage(error) }));
  const server = await listen(createHttpApp(build, app), env.HOST, env.PORT);
  const stopJobs = startJobs(app);
  await app.slack?.start();
  const where = database.kind === "embedded" ? `embedded database in ${database.location}` : `PostgreSQL at ${database.location}`;
  print(`Remit ${app.version} is serving ${publicUrl(env)} (${where}).`);

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info("Shutting down", { signal });
      resolve();
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
  await closeServer(server);
  await app.slack?.stop();
  await stopJobs();
  app.email.close();
  await database.close();
}
