import { log } from "#app/platform/config/log.server.ts";
import { UsageError } from "#app/platform/cli/command.ts";
import { boot } from "#server/boot.ts";
import { loadDemo, type DemoSummary } from "#server/demo.ts";
import { serve } from "#server/serve.ts";
import { command } from "./command.ts";

export const serveCommand = command({
  name: "serve",
  summary: "Start the web server and background jobs (what npm start runs).",
  notes: "Applies pending migrations first, and loads the demo workspace into an empty database unless DEMO=off.",
  async run({ io }) {
    if (!io.build) throw new UsageError("serve runs from the built server: use npm start.");
    const { env } = io;
    const loaded: { demo: DemoSummary | null } = { demo: null };
    const app = await boot({
      env,
      database: io.database,
      migrate: "apply",
      whileMigrationLocked: async ({ prisma }, now) => {
        if (env.DEMO && (await prisma.workspace.count()) === 0) loaded.demo = await loadDemo(prisma, now());
      },
    });
    const { demo } = loaded;
    if (demo)
      (io.interactive ? io.out : (line: string) => log.info(line))(
        `Loaded demo data: ${demo.customers.length} customers, ${demo.invoices} invoices (set DEMO=off to skip).`,
      );
    // serve closes the database itself on shutdown
    await serve(io.build, app, io.out, { interactive: io.interactive ?? false });
  },
});
