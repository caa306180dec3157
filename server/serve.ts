import type { ServerBuild } from "@remix-run/node";
import { publicUrl } from "#app/config/env.server.ts";
import { log } from "#app/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { loadDemo } from "#app/domain/demo.server.ts";
import { closeServer, createHttpApp, listen } from "./http.ts";
import { startJobs } from "./jobs.ts";

/** Serves HTTP and runs the jobs until SIGINT/SIGTERM, then shuts down cleanly. */
export async function serve(build: ServerBuild, app: AppContext, print: (line: string) => void): Promise<void> {
  const { env, db, database } = app;
  if (env.DEMO && (await db.workspace.count()) === 0) {
    const demo = await loadDemo(db, app.now());
    if (demo) print(`Loaded demo data: ${demo.customers.length} customers, ${demo.invoices} invoices (set DEMO=off to skip).`);
  }
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
  await database.close();
}
