import { setTimeout as sleep } from "node:timers/promises";

/**
 * What a database failure means for the caller: "unavailable" (the server is down, slow,
 * unreachable, or every pooled connection is busy: try again shortly, a 503) or something else.
 * Errors reach us raw from `pg`, wrapped by Prisma's driver adapter, or wrapped again by Prisma.
 */

/** What a 503 for an unavailable database asks the caller to wait, in seconds. */
export const unavailableRetryAfterSeconds = 5;

/** Socket errors of a server that cannot be reached or went away. */
const socketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

/**
 * SQLSTATEs of an unavailable server: statement timeout or cancel (57014), shutdown (57P01–03),
 * too many connections (53300), out of resources (53200, 53400), lost connection (08xxx), a
 * transaction ended for idling (25P03).
 */
const unavailableSqlStates = /^(57014|57P0[123]|53[234]00|08\w{3}|25P03)$/;

/** Prisma's own codes for the same: unreachable, timed out, connection closed, pool timeout. */
const unavailablePrismaCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** Driver adapter kinds (Prisma 7) for the same. */
const unavailableKinds = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/** Messages `pg` and Prisma use without a code. */
const unavailableMessages = [
  /timeout exceeded when trying to connect/i,
  /^timeout expired$/i,
  /Query read timeout/i,
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Connection ended unexpectedly/i,
  /Cannot use a pool after calling end/i,
  /Unable to start a transaction in the given time/i,
  /Transaction already closed/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
];

interface Inspectable {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: unknown;
}

function* layers(error: unknown): Generator<Inspectable> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const layer = current as Inspectable;
    yield layer;
    queue.push(layer.cause, layer.meta);
    if (layer.meta && typeof layer.meta === "object") queue.push((layer.meta as { driverAdapterError?: unknown }).driverAdapterError);
  }
}

/** True when the failure is the database being unreachable, slow or saturated: a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const layer of layers(error)) {
    const code = typeof layer.code === "string" ? layer.code : typeof layer.originalCode === "string" ? layer.originalCode : "";
    if (socketCodes.has(code) || unavailableSqlStates.test(code) || unavailablePrismaCodes.has(code)) return true;
    if (typeof layer.kind === "string" && unavailableKinds.has(layer.kind)) return true;
    if (typeof layer.message === "string" && unavailableMessages.some((pattern) => pattern.test(layer.message as string))) return true;
  }
  return false;
}

/**
 * Runs `work`, again every second while it fails because the database is unavailable, for up to
 * `forMs`; then, or on any other failure, throws. For writes that must land once something
 * outside was done (a message posted): recording it is worth a wait.
 */
export async function retryWhileUnavailable<T>(work: () => Promise<T>, forMs: number, onRetry: (error: unknown) => void = () => {}): Promise<T> {
  const until = Date.now() + forMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + unavailableRetryMs > until) throw error;
      onRetry(error);
      await sleep(unavailableRetryMs);
    }
  }
}

const unavailableRetryMs = 1_000;

/** A database that cannot be used at start-up, said in one line. */
export class DatabaseUnreachableError extends Error {
  override name = "DatabaseUnreachableError";
  constructor(
    message: string,
    /** Waiting may help (refused, unknown host, no answer, starting up); not for a wrong password or a missing database. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** One line for an operator: what is wrong with connecting to `where` and what to check. */
export function describeConnectionError(
  error: unknown,
  target: { host: string; port: string; database: string; user: string },
  connectTimeoutMs: number,
): DatabaseUnreachableError {
  const where = `PostgreSQL at ${target.host}:${target.port}`;
  const err = (error ?? {}) as Inspectable;
  const code = typeof err.code === "string" ? err.code : "";
  const message = typeof err.message === "string" ? err.message : String(error);
  switch (code) {
    case "ECONNREFUSED":
      return new DatabaseUnreachableError(`${where} refused the connection: is the server running and listening on that port?`, true);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new DatabaseUnreachableError(`The database host "${target.host}" is unknown (DNS lookup failed): check the host in DATABASE_URL.`, true);
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ETIMEDOUT":
      return new DatabaseUnreachableError(`${where} cannot be reached over the network (${code}).`, true);
    case "ECONNRESET":
      return new DatabaseUnreachableError(`${where} closed the connection while it was being set up.`, true);
    case "3D000":
      return new DatabaseUnreachableError(
        `${where} has no database "${target.database}": create it (createdb ${target.database}) or fix the name in DATABASE_URL.`,
        false,
      );
    case "28P01":
    case "28000":
      return new DatabaseUnreachableError(`${where} refused user "${target.user}": wrong password, or no access for this user (pg_hba.conf).`, false);
    case "57P03":
      return new DatabaseUnreachableError(`${where} is starting up or shutting down and does not accept connections yet.`, true);
    case "53300":
      return new DatabaseUnreachableError(`${where} has no connection slot left (too many clients).`, true);
  }
  if (/^timeout expired$|timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(message)) {
    return new DatabaseUnreachableError(
      `${where} did not answer within ${connectTimeoutMs} ms (DATABASE_CONNECT_TIMEOUT_MS): a network partition, a firewall, or an overloaded server.`,
      true,
    );
  }
  if (/Connection terminated/i.test(message)) return new DatabaseUnreachableError(`${where} closed the connection while it was being set up.`, true);
  return new DatabaseUnreachableError(`${where} cannot be used: ${message.split("\n")[0]}`, false);
}
