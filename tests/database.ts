import { afterAll, beforeAll } from "vitest";
import { randomBytes } from "node:crypto";
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
