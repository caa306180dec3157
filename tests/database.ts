import { afterAll, beforeAll, onTestFinished } from "vitest";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "#app/platform/db/database.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";

/**
 * A fresh, migrated database for one test file. Embedded (in-memory PGlite) by default;
 * with TEST_DATABASE_URL set (a PostgreSQL server), a database of its own that is dropped after.
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({ dataDir: "memory://" });
    await migrate(db);
    return db;
  }
  const { url, drop } = await createServerDatabase(serverUrl);
  const db = await openDatabase({ databaseUrl: url, dataDir: "", poolSize: 20 });
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await drop();
    },
  };
}

/** Creates an empty database on the server; `drop` removes it. */
export async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `remit_test_${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A database that processes open in turn, gone after the test: a database of its own on
 * TEST_DATABASE_URL's server (its URL), else a fresh PGlite data directory (its path).
 */
export async function sharedDatabase(): Promise<string> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const { url, drop } = await createServerDatabase(serverUrl);
    onTestFinished(drop);
    return url;
  }
  const dir = mkdtempSync(join(tmpdir(), "remit-test-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a database as `sharedDatabase` names it: a PostgreSQL URL or a data directory. */
export const openShared = (target: string): Promise<Database> =>
  openDatabase(target.startsWith("postgres") ? { databaseUrl: target, dataDir: "" } : { dataDir: target });

/** The environment that points `remit` at a database as `sharedDatabase` names it. */
export const sharedEnv = (target: string): { DATABASE_URL: string } | { DATA_DIR: string } =>
  target.startsWith("postgres") ? { DATABASE_URL: target } : { DATA_DIR: target };

export const usingPostgresServer = Boolean(process.env.TEST_DATABASE_URL);

/** A test file's (or describe block's) database: opened before its tests, handed to `ready`, closed after them. */
export function withTestDatabase(ready: (database: Database) => void): void {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    ready(database);
  });
  afterAll(async () => {
    await database?.close();
  });
}

/** A test file's database for its harness to hand on: `database` and its `db`, there once beforeAll has run. */
export function fileDatabase(harness: string) {
  let opened: Database | undefined;
  withTestDatabase((database) => (opened = database));
  const file = {
    get database(): Database {
      if (!opened) throw new Error(`${harness} is open once beforeAll has run`);
      return opened;
    },
    get db() {
      return file.database.prisma;
    },
  };
  return file;
}
