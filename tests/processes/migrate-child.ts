// Child process: opens the database named on the command line and migrates it.
import { openDatabase } from "#app/platform/db/database.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";

const [target = ""] = process.argv.slice(2);
const database = await openDatabase(target.startsWith("postgres") ? { databaseUrl: target, dataDir: "" } : { dataDir: target });
try {
  const report = await migrate(database);
  process.stdout.write(JSON.stringify(report));
} finally {
  await database.close();
}
