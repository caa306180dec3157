// A database migrated up to, but not including, one migration: for tests that write data as the
// schema before it had it, apply it, and check what it kept.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "#app/platform/db/database.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";

const migrationsDir = path.join(import.meta.dirname, "..", "prisma", "migrations");

/**
 * A test file's in-memory database with every migration before `migration` applied: opened
 * before its tests, removed after them. Its `database` and `db` are there once `beforeAll` has run.
 */
export function databaseBefore(migration: string) {
  let before: string | undefined;
  let opened: Database | undefined;
  beforeAll(async () => {
    before = await mkdtemp(path.join(tmpdir(), "remit-migrations-"));
    await cp(migrationsDir, before, { recursive: true, filter: (source) => !source.includes(migration) });
    opened = await openDatabase({ dataDir: "memory://" });
    await migrate(opened, { dir: before });
  });
  afterAll(async () => {
    await opened?.close();
    if (before) await rm(before, { recursive: true, force: true });
  });
  const file = {
    get database(): Database {
      if (!opened) throw new Error("databaseBefore's database is open once beforeAll has run");
      return opened;
    },
    get db() {
      return file.database.prisma;
    },
  };
  return file;
}
