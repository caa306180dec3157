import { parseEnv, type Env } from "#app/platform/config/env.server.ts";
import { setLogLevel } from "#app/platform/config/log.server.ts";
import { openDatabase, type Database, type DatabaseTimeouts, type Db } from "#app/platform/db/database.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";

/**
 * Runs a benchmark's seed, before the server starts (the embedded database belongs to one process
 * at a time): on the environment's database, migrated first, and prints what `seed` returns as
 * JSON on stdout, the one thing stdout carries (logs below warnings stay quiet).
 */
export async function seed(seed: (seeding: { db: Db; env: Env; database: Database }) => Promise<unknown>, timeouts?: Partial<DatabaseTimeouts>): Promise<void> {
  const env = parseEnv();
  setLogLevel("warn");
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, timeouts });
  try {
    await migrate(database);
    process.stdout.write(JSON.stringify(await seed({ db: database.prisma, env, database })));
  } finally {
    await database.close();
  }
}
