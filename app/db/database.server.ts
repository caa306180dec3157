import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { acquireDataDirLock } from "./data-dir-lock.server.ts";
import { createPrivateDir, restrictTree } from "./private-files.server.ts";

export type Db = PrismaClient;

/**
 * Transactions wait for a connection (or PGlite's single one) in turn: under a burst they
 * queue longer than Prisma's 2 s default, which is a wait, not an error.
 */
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

/** A raw SQL connection, for what Prisma cannot do: multi-statement scripts and session locks. */
export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database {
  kind: "embedded" | "postgresql";
  /** Where the data lives, for logs and /healthz (never includes a password). */
  location: string;
  prisma: Db;
  /** Runs `work` on one dedicated connection (session-level advisory locks hold across it). */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openEmbedded(options.dataDir === "memory://" ? "memory://" : resolve(options.dataDir));
}

/** Embedded PostgreSQL (PGlite, WebAssembly) in a data directory, owner-only: one process owns it. */
async function openEmbedded(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  const releaseLock = inMemory ? () => {} : (createPrivateDir(dataDir), acquireDataDirLock(dataDir));
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? undefined : dataDir);
    if (!inMemory) restrictTree(dataDir);
  } catch (error) {
    releaseLock();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions });
  const session: SqlSession = {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <Row,>(sql: string, params: unknown[] = []) => (await pglite.query<Row>(sql, params)).rows,
  };
  return {
    kind: "embedded",
    location: inMemory ? "memory" : dataDir,
    prisma,
    withSession: (work) => work(session),
    async close() {
      await prisma.$disconnect();
      const exitCode = process.exitCode;
      await pglite.close();
      process.exitCode = exitCode; // PGlite's close() resets it
      if (!inMemory) restrictTree(dataDir);
      releaseLock();
    },
  };
}

/** A PostgreSQL server: several app instances may share it. */
async function openPostgres(databaseUrl: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  pool.on("error", () => {}); // an idle client's lost connection is reported by the next query instead
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions });
  const url = new URL(databaseUrl);
  return {
    kind: "postgresql",
    location: `${url.hostname}:${url.port || 5432}${url.pathname}`,
    prisma,
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async <Row,>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as Row[],
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
