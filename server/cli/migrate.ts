import { migrate } from "#app/platform/db/migrate.server.ts";
import { command } from "./command.ts";

export const migrateCommand = command({
  name: "migrate",
  summary: "Apply pending database migrations.",
  database: "as-is",
  async run({ io, app }) {
    const { database } = await app();
    const report = await migrate(database, { onWait: (message) => io.err(`${message}…`) });
    io.out(report.applied.length ? `Applied ${report.applied.join(", ")}.` : `Nothing to apply (${report.alreadyApplied} migrations already applied).`);
  },
});
