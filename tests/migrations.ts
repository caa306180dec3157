// A database migrated up to, but not including, one migration: for tests that write data as the
// schema before it had it, apply it, and check what it kept.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "#app/platform/db/database.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";

const migrationsDir = path.join(import.meta.dirname, "..", "prisma", "migrations");

/** An in-memory database with every migration before `migration` applied; `close` removes it. */
export async function databaseBefore(migration: string): Promise<{ database: Database; close(): Promise<void> }> {
  const before = await mkdtemp(path.join(tmpdir(), "remit-migrations-"));
  await cp(migrationsDir, before, { recursive: true, filter: (source) => !source.includes(migration) });
  const database = await openDatabase({ dataDir: "memory://" });
  await migrate(database, { dir: before });
  return {
    database,
    async close() {
      await database.close();
      await rm(before, { recursive: true, force: true });
    },
  };
}
