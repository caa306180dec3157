import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { migrationsDir as defaultMigrationsDir } from "#app/platform/config/paths.server.ts";
import type { Database, SqlSession } from "./database.server.ts";

/** The bookkeeping table `prisma migrate deploy` keeps, so both tools see the same state. */
const bookkeepingTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Arbitrary constant for pg_advisory_lock: "remit" in ASCII. */
const migrationLockKey = 0x72656d6974;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
  /** Applied migrations whose file was edited afterwards (Prisma warns about these too). */
  changed: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrations(dir = defaultMigrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrateOptions {
  dir?: string;
  /** Runs after the migrations, still under the lock (demo data: loaded once however many instances start). */
  whileLocked?: () => Promise<void>;
  /** Told, every few seconds, that another process holds the migration lock. */
  onWait?: (message: string, fields: { waitedMs: number; holderPid: number | null }) => void;
}

const lockPollMs = 250;
const waitReportMs = 5_000;

/** Takes the migration lock, waiting (and saying so) while another process holds it. */
async function lock(session: SqlSession, onWait: MigrateOptions["onWait"]): Promise<void> {
  const started = Date.now();
  let nextReport = started;
  for (;;) {
    const [row] = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [migrationLockKey]);
    if (row?.locked) return;
    if (Date.now() >= nextReport) {
      nextReport = Date.now() + waitReportMs;
      const [holder] = await session.query<{ pid: number }>(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1 LIMIT 1",
        [migrationLockKey],
      );
      onWait?.("Waiting for another Remit process to finish migrating the database", { waitedMs: Date.now() - started, holderPid: holder?.pid ?? null });
    }
    await sleep(lockPollMs);
  }
}

/**
 * Applies pending migrations in name order, each in its own transaction, under a
 * session advisory lock: instances starting together apply each migration exactly once.
 */
export async function migrate(db: Database, { dir = defaultMigrationsDir, whileLocked, onWait }: MigrateOptions = {}): Promise<MigrationReport> {
  const migrations = await readMigrations(dir);
  return db.withSession(async (session) => {
    await lock(session, onWait);
    try {
      const report = await applyPending(session, migrations);
      await whileLocked?.();
      return report;
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [migrationLockKey]);
    }
  });
}

/** Migrations this version of Remit has that the database lacks (none when it is current). */
export async function pendingMigrations(db: Database, dir = defaultMigrationsDir): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const applied = await db.withSession(async (session) => {
    const [table] = await session.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
    if (!table?.exists) return new Set<string>();
    const rows = await session.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    return new Set(rows.map((row) => row.migration_name));
  });
  return migrations.map((migration) => migration.name).filter((name) => !applied.has(name));
}

/** For every command but `migrate` and `serve`: a database behind this version is refused in words. */
export async function requireMigrated(db: Database): Promise<void> {
  const pending = await pendingMigrations(db);
  if (!pending.length) return;
  throw new MigrationError(
    `This database lacks ${pending.length} migration${pending.length === 1 ? "" : "s"} of this version of Remit (${pending.join(", ")}). ` +
      "Nothing was done. Apply them with: remit migrate (a newer `remit serve` applies them too when it starts).",
  );
}

async function applyPending(session: SqlSession, migrations: Migration[]): Promise<MigrationReport> {
  await session.exec(bookkeepingTable);
  const rows = await session.query<AppliedRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} was started but never finished. Inspect the database, ` +
        `then mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${failed.migration_name}').`,
    );
  }
  const recorded = new Map(live.map((row) => [row.migration_name, row.checksum]));
  const changed = migrations
    .filter((migration) => recorded.has(migration.name) && recorded.get(migration.name) !== migration.checksum)
    .map((migration) => migration.name);
  const applied: string[] = [];
  for (const migration of migrations) {
    if (recorded.has(migration.name)) continue;
    try {
      await session.exec("BEGIN");
      await session.exec(migration.sql);
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      await session.exec("COMMIT");
    } catch (error) {
      await session.exec("ROLLBACK");
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`);
    }
    applied.push(migration.name);
  }
  return { applied, alreadyApplied: migrations.length - applied.length, changed };
}
