import type { Socket } from "node:net";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { acquireDataDirLock } from "./data-dir-lock.server.ts";
import { describeConnectionError, type DatabaseUnreachableError } from "./database-errors.server.ts";
import { createPrivateDir, restrictTree } from "./private-files.server.ts";

export type Db = PrismaClient;

/**
 * Transactions wait for a connection (or PGlite's single one) in turn: under a burst they
 * queue longer than Prisma's 2 s default, which is a wait, not an error. On PostgreSQL the
 * pool's own bounded wait (DATABASE_CONNECT_TIMEOUT_MS) comes first.
 */
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

/** A raw SQL connection, for what Prisma cannot do: multi-statement scripts and session locks. */
export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database {
  kind: "embedded" | "postgresql";
  /** Where the data lives, for logs (never includes a password). */
  location: string;
  prisma: Db;
  /**
   * Runs `work` on one dedicated connection (session-level advisory locks hold across it),
   * with no statement timeout: migrations, backups and moves may take long.
   */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Resolves when the database answered a trivial query within `timeoutMs`, rejects otherwise. */
  ping(timeoutMs: number): Promise<void>;
  /**
   * The embedded database only: a consistent copy of its data directory (a gzipped tar), taken
   * between two statements while it keeps serving (docs/operations.md, "Backup and restore").
   */
  snapshot?: () => Promise<Uint8Array>;
  /**
   * Hears what committed transactions `NOTIFY` on `channel`, from this instance or any other.
   * `listening(false)` says notices may be missed from now on (the listening connection is lost),
   * `listening(true)` that none is missed again; it is called once either way as listening starts.
   * Resolves to a function that stops listening.
   */
  listen(channel: string, listener: NoticeListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface NoticeListener {
  notice(payload: string): void;
  listening(reliably: boolean): void;
}

export interface DatabaseTimeouts {
  /** Connecting (TCP and authentication), and waiting for a free pooled connection. */
  connectMs: number;
  /** The server's statement_timeout and idle_in_transaction_session_timeout; no answer 1 s after it and the connection is dropped. */
  queryMs: number;
  /** A pooled connection unused this long is closed. */
  idleMs: number;
}

export const defaultTimeouts: DatabaseTimeouts = { connectMs: 5_000, queryMs: 5_000, idleMs: 30_000 };

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  timeouts?: Partial<DatabaseTimeouts>;
  /** How long start-up keeps retrying a server that is down or unreachable (0: one try). */
  startTimeoutMs?: number;
  /** Told about each wait while the server cannot be reached yet. */
  onWait?: (message: string, fields: { attempt: number; retryInMs: number }) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openEmbedded(options.dataDir === "memory://" ? "memory://" : resolve(options.dataDir));
}

function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
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
    query: async <Row>(sql: string, params: unknown[] = []) => (await pglite.query<Row>(sql, params)).rows,
  };
  return {
    kind: "embedded",
    location: inMemory ? "memory" : dataDir,
    prisma,
    withSession: (work) => work(session),
    ping: async (timeoutMs) => {
      await withDeadline(pglite.query("SELECT 1"), timeoutMs, "The embedded database");
    },
    // One process owns the embedded database, and PGlite hands each notice to its listeners as
    // the statement that committed it returns: nothing can be missed.
    listen: async (channel, listener) => {
      const unlisten = await pglite.listen(channel, (payload) => listener.notice(payload));
      listener.listening(true);
      return () => unlisten();
    },
    // PGlite runs one statement at a time and copies the directory while no other can run: the copy
    // is what a crash at that instant would leave, which PostgreSQL recovers from its WAL on open.
    // The checkpoint first makes that recovery short.
    snapshot: async () => {
      await pglite.exec("CHECKPOINT");
      return new Uint8Array(await (await pglite.dumpDataDir("gzip")).arrayBuffer());
    },
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

type QueryFunction = (...args: unknown[]) => unknown;

const streamOf = (client: pg.ClientBase) => (client as unknown as { connection: { stream: Socket } }).connection.stream;

/**
 * `pg` gives up on a query that gets no answer (query_timeout) but keeps the connection, with the
 * unanswered query still in front of every later one: a connection that went silent stays
 * poisoned. Drop it instead, and its idle siblings with it (a failover or a stuck network device
 * silences them all at once; trying each in turn would cost a timeout apiece), so the pool
 * makes fresh ones.
 */
function dropSilentConnections(pool: pg.Pool): void {
  const idle = new Set<pg.PoolClient>();
  pool.on("acquire", (client) => idle.delete(client));
  pool.on("release", (_error, client) => idle.add(client));
  pool.on("remove", (client) => idle.delete(client));
  pool.on("connect", (client) => {
    const drop = (error: unknown) => {
      if (!(error instanceof Error && error.message === "Query read timeout")) return;
      streamOf(client).destroy();
      for (const sibling of idle) streamOf(sibling).destroy();
      idle.clear();
    };
    const query = client.query.bind(client) as QueryFunction;
    (client as unknown as { query: QueryFunction }).query = (...args: unknown[]) => {
      const last = args.at(-1);
      if (typeof last === "function") {
        args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
          drop(error);
          (last as QueryFunction)(error, ...rest);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result instanceof Promise) result.catch(drop);
      return result;
    };
  });
}

/** A PostgreSQL server: several app instances may share it. */
async function openPostgres(databaseUrl: string, options: DatabaseOptions): Promise<Database> {
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const url = new URL(databaseUrl);
  const target = {
    host: url.hostname,
    port: url.port || "5432",
    database: decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username),
    user: decodeURIComponent(url.username) || "postgres",
  };
  const connection: pg.ClientConfig = {
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
  const pool = new pg.Pool({
    ...connection,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: timeouts.idleMs,
    statement_timeout: timeouts.queryMs,
    idle_in_transaction_session_timeout: timeouts.queryMs,
    query_timeout: timeouts.queryMs + 1_000,
  });
  dropSilentConnections(pool);
  pool.on("error", () => {}); // an idle client's lost connection is reported by the next query instead

  await waitForServer(connection, target, timeouts.connectMs, options).catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });

  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions });
  const health = createHealthConnection(connection);
  return {
    kind: "postgresql",
    location: `${target.host}:${target.port}/${target.database}`,
    prisma,
    async withSession(work) {
      const client = new pg.Client(connection);
      client.on("error", () => {}); // reported by the query that meets it
      await client.connect();
      try {
        return await work({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
        });
      } finally {
        await client.end().catch(() => {});
      }
    },
    ping: (timeoutMs) => health.ping(timeoutMs),
    listen: (channel, listener) => Promise.resolve(listenOnPostgres(connection, channel, listener)),
    async close() {
      await health.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * At start-up: connects once, and while the failure is one that waiting can cure (refused,
 * unknown host, no answer, starting up) tries again with backoff, saying so, until the time is up.
 */
async function waitForServer(
  connection: pg.ClientConfig,
  target: Parameters<typeof describeConnectionError>[1],
  connectTimeoutMs: number,
  options: DatabaseOptions,
): Promise<void> {
  const deadline = Date.now() + (options.startTimeoutMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client(connection);
    client.on("error", () => {});
    let failure: DatabaseUnreachableError;
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      failure = describeConnectionError(error, target, connectTimeoutMs);
      await client.end().catch(() => {});
    }
    const retryInMs = Math.min(500 * 2 ** (attempt - 1), 8_000);
    if (!failure.transient || Date.now() + retryInMs > deadline) throw failure;
    options.onWait?.(`Waiting for the database: ${failure.message}`, { attempt, retryInMs });
    await sleep(retryInMs);
  }
}

/**
 * One connection of its own for health checks, outside the pool: a busy pool does not delay
 * them, and a connection that went silent is dropped at the deadline and made anew next time.
 * Concurrent checks share the one in flight.
 */
function createHealthConnection(connection: pg.ClientConfig) {
  let client: pg.Client | null = null;
  let inFlight: Promise<void> | null = null;

  const drop = () => {
    const stale = client;
    client = null;
    if (stale) streamOf(stale).destroy();
  };

  async function check(): Promise<void> {
    if (!client) {
      const fresh = new pg.Client(connection);
      fresh.on("error", () => {
        if (client === fresh) client = null;
      });
      fresh.on("end", () => {
        if (client === fresh) client = null;
      });
      client = fresh;
      await fresh.connect();
    }
    await client.query("SELECT 1");
  }

  return {
    ping(timeoutMs: number): Promise<void> {
      inFlight ??= withDeadline(check(), timeoutMs, "The database")
        .catch((error: unknown) => {
          drop();
          throw error;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
    async close() {
      const open = client;
      client = null;
      await open?.end().catch(() => {});
    },
  };
}

/** How a listening connection shows in pg_stat_activity. */
export const listeningApplication = "remit notices";

/** How often a listening connection proves it is alive, and how long it may take to answer. */
const heartbeat = { everyMs: 5_000, answerMs: 2_000 };

/**
 * `LISTEN` on a connection of its own, outside the pool. A connection that errs, ends or does
 * not answer its heartbeat in time is dropped (notices sent meanwhile are lost, so the listener
 * hears `listening(false)` at once) and made anew with backoff until listening works again.
 */
function listenOnPostgres(connection: pg.ClientConfig, channel: string, listener: NoticeListener): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  listener.listening(false);

  const lost = () => {
    const gone = client;
    if (!gone) return;
    client = null;
    clearTimeout(timer);
    streamOf(gone).destroy();
    listener.listening(false);
    if (!stopped) timer = setTimeout(connect, Math.min(500 * 2 ** failures++, 8_000));
  };

  const beat = () => {
    const current = client;
    if (!current) return;
    withDeadline(current.query("SELECT 1"), heartbeat.answerMs, "The listening connection")
      .then(() => {
        if (client === current) timer = setTimeout(beat, heartbeat.everyMs);
      })
      .catch(() => client === current && lost());
  };

  async function connect(): Promise<void> {
    const fresh = new pg.Client({ ...connection, application_name: listeningApplication });
    client = fresh;
    fresh.on("error", () => client === fresh && lost());
    fresh.on("end", () => client === fresh && lost());
    fresh.on("notification", (message) => client === fresh && listener.notice(message.payload ?? ""));
    try {
      await fresh.connect();
      await fresh.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch {
      if (client === fresh) lost();
      return;
    }
    if (client !== fresh || stopped) return;
    failures = 0;
    listener.listening(true);
    timer = setTimeout(beat, heartbeat.everyMs);
  }

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const open = client;
    client = null;
    await open?.end().catch(() => {});
  };
}
