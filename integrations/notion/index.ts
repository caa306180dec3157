import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { extractNotionId } from "@notionhq/client";
import { ConfigError, publicUrl, type Env } from "#app/platform/config/env.server.ts";
import type { Secrets } from "#app/platform/config/secrets.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { PermanentDeliveryError, RetryLaterError, type Subscriber } from "#app/ports/events.ts";
import { findIntegrationFailure, reportIntegrationFailure, reportIntegrationRefusal } from "#app/platform/integration-failures.server.ts";
import { notionDatabaseUrl, notionMirrorStatus, notionSubscriber, readNotionConnection, type MirroredDocument, type NotionConnection } from "./store.ts";
import { NotFoundError } from "#app/billing/errors.ts";
import { getWorkspace, listWorkspaces } from "#app/billing/workspaces.server.ts";
import { backfill } from "./backfill.ts";
import { connectNotion, type NotionConnectInput } from "./connect.ts";
import { NotionApiError } from "./errors.ts";
import { createGateway } from "./gateway.ts";
import { createMirror, MirrorBusyError, NotionAccessLostError } from "./mirror.ts";
import { createRateLimiter, paceFor, serverWindowMs, systemClock, type Clock } from "./rate-limiter.ts";
import type { NotionService } from "./service.ts";

export type { BackfillOptions, BackfillProgress } from "./backfill.ts";
export type { NotionConnectInput, NotionConnectResult } from "./connect.ts";
export type { MirrorField } from "./schema.ts";
export { notionCommands } from "./cli/index.ts";
export type { Clock } from "./rate-limiter.ts";
export type { NotionService } from "./service.ts";

export interface NotionEnvironment {
  token: string;
  target: NotionConnectInput["target"];
  workspaceId: string | null;
}

/** The single-workspace configuration, or null without NOTION_TOKEN; inconsistent settings fail start-up. */
export function notionEnvironment(env: Env): NotionEnvironment | null {
  const { NOTION_TOKEN: token, NOTION_DATABASE_ID: database, NOTION_PARENT_PAGE_ID: parentPage } = env;
  if (!token) {
    if (database || parentPage) throw new ConfigError("NOTION_DATABASE_ID and NOTION_PARENT_PAGE_ID need NOTION_TOKEN (the integration's secret).");
    return null;
  }
  if (database && parentPage) {
    throw new ConfigError("Set either NOTION_DATABASE_ID (an existing database) or NOTION_PARENT_PAGE_ID (Remit creates the database there), not both.");
  }
  const workspaceId = env.NOTION_WORKSPACE_ID ?? null;
  if (database) return { token, target: { database }, workspaceId };
  if (parentPage) return { token, target: { parentPage }, workspaceId };
  throw new ConfigError(
    "NOTION_TOKEN is set: also set NOTION_DATABASE_ID (an existing database) or NOTION_PARENT_PAGE_ID (a page Remit creates the database under).",
  );
}

export interface NotionServiceOptions {
  database: Database;
  env: Env;
  secrets: Secrets;
  /** The app's clock (docs/decisions/007). */
  now: () => Date;
  /** The rate limiter's and backfill's time (tests pass a manual clock). */
  clock?: Clock;
  /** How long one Notion request may take; 15 s (tests shorten it). */
  requestTimeoutMs?: number;
}

const requestTimeoutMs = 15_000;
const maxQueueWaitMs = 20_000;
const leaseMs = 5 * 60_000;
const busyRetryMs = 5_000;
/** Session advisory lock key ("notion" in ASCII): instances starting together connect once. */
const environmentLockKey = 0x6e6f74696f6e;

function safeDecode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/** Notion's refusal with the columns it names by id called by their names, and what to do. */
export function refusalReason(message: string, connection: Pick<NotionConnection, "properties">): string {
  let named = message.replace(/^Notion answered \d+ \w+: /, "");
  for (const { id, name } of Object.values(connection.properties)) {
    for (const form of new Set([id, safeDecode(id)])) named = named.replaceAll(`body.properties.${form}.`, `the "${name}" column's `);
  }
  return `Notion refused a value Remit wrote (${named.replace(/\.+$/, "")}). Check that column in the Notion database (its type and settings)`;
}

export function createNotionService(options: NotionServiceOptions): NotionService {
  const { database, env, secrets } = options;
  const db = database.prisma;
  const { now } = options;
  const clock = options.clock ?? systemClock;
  const environment = notionEnvironment(env);
  const pace = paceFor(env.NOTION_REQUESTS_PER_SECOND);
  const limiter = createRateLimiter({ ...pace, afterAnswerMs: serverWindowMs(env.NOTION_REQUESTS_PER_SECOND), maxWaitMs: maxQueueWaitMs, clock });
  const gatewayFor = (token: string, workspaceId: string) =>
    createGateway({ token, workspaceId, baseUrl: env.NOTION_API_URL, timeoutMs: options.requestTimeoutMs ?? requestTimeoutMs, limiter, clock });
  const mirror = createMirror({
    db,
    signingKeys: secrets.signingKeys,
    publicUrl: publicUrl(env),
    linkTtlDays: env.PORTAL_LINK_TTL_DAYS,
    now,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs,
  });

  const subscriber: Subscriber = {
    name: notionSubscriber,
    async deliver(event) {
      const { workspaceId, aggregateId: id } = event;
      // Quote events are about the quote; every other event the mirror gets is about an invoice.
      const document: MirroredDocument = { kind: event.type.startsWith("quote.") ? "quote" : "invoice", id };
      const connection = await readNotionConnection(db, secrets.encryptionKey, workspaceId);
      if (!connection) return;
      const failure = await findIntegrationFailure(db, workspaceId, "notion");
      if (failure) throw new PermanentDeliveryError(`Notion is disconnected: ${failure.reason}`);
      try {
        await mirror.mirrorDocument(connection, gatewayFor(connection.token, workspaceId), document, { skipIfCurrent: false });
      } catch (error) {
        throw await deliveryError(error, connection, document);
      }
    },
  };

  /**
   * How the outbox should treat a failure: retry at a time, back off, or give up. Giving up
   * always tells the team once, in words naming what to fix: lost access as `integration.failed`
   * (the mirror stops), a refused value as `integration.refused` (the mirror goes on).
   */
  async function deliveryError(error: unknown, connection: NotionConnection, document: MirroredDocument): Promise<unknown> {
    if (error instanceof NotFoundError) return new PermanentDeliveryError(error.message);
    if (error instanceof MirrorBusyError) return new RetryLaterError(error.message, busyRetryMs);
    if (error instanceof NotionAccessLostError) {
      await reportIntegrationFailure(db, { workspaceId: connection.workspaceId, integration: "notion", reason: error.message, now: now() });
      return new PermanentDeliveryError(error.message);
    }
    // Notion said when to come back (429, 529, a 5xx with Retry-After): wait that long, without spending an attempt.
    if (error instanceof NotionApiError && error.retryAfterMs !== null) return new RetryLaterError(error.message, error.retryAfterMs);
    if (error instanceof NotionApiError && error.kind === "invalid") {
      const reason = refusalReason(error.message, connection);
      const invoiceId = document.kind === "invoice" ? document.id : null;
      await reportIntegrationRefusal(db, { workspaceId: connection.workspaceId, integration: "notion", reason, invoiceId, now: now() });
      return new PermanentDeliveryError(error.message);
    }
    return error;
  }

  const connect = (workspaceId: string, input: NotionConnectInput) =>
    connectNotion({ db, encryptionKey: secrets.encryptionKey, now, gatewayFor }, workspaceId, input);

  async function environmentWorkspace(config: NotionEnvironment) {
    if (config.workspaceId) return getWorkspace(db, config.workspaceId);
    const candidates = (await listWorkspaces(db)).filter((workspace) => !workspace.isDemo);
    const [only] = candidates;
    if (only && candidates.length === 1) return only;
    throw new ConfigError(
      candidates.length
        ? "NOTION_TOKEN is set and there are several workspaces: set NOTION_WORKSPACE_ID to the one to mirror (see remit workspace list)."
        : "NOTION_TOKEN is set but there is no workspace yet (the demo workspace is never mirrored unless NOTION_WORKSPACE_ID names it).",
    );
  }

  async function applyEnvironment(config: NotionEnvironment): Promise<string> {
    const workspace = await environmentWorkspace(config);
    const current = await readNotionConnection(db, secrets.encryptionKey, workspace.id);
    const wanted = extractNotionId("database" in config.target ? config.target.database : config.target.parentPage);
    const unchanged =
      current?.token === config.token &&
      ("database" in config.target ? wanted === current.databaseId || wanted === current.dataSourceId : wanted === current.parentPageId);
    if (current && unchanged) return `Notion: workspace "${workspace.name}" mirrors to ${notionDatabaseUrl(current.databaseId)}.`;
    const result = await connect(workspace.id, { token: config.token, target: config.target });
    return `Notion: connected workspace "${workspace.name}" to ${result.databaseUrl}${result.createdDatabase ? " (database created)" : ""}.`;
  }

  return {
    subscriber,
    connect,
    status: (workspaceId) => getWorkspace(db, workspaceId).then(() => notionMirrorStatus(db, workspaceId)),
    backfill: (backfillOptions) =>
      backfill({ db, encryptionKey: secrets.encryptionKey, mirror, gatewayFor, clock, now, concurrency: pace.requests }, backfillOptions),
    applyEnvironment: async () => {
      if (!environment) return null;
      // Instances starting together take turns, so a parent page gets one database, not one each.
      return database.withSession(async (session) => {
        await session.query("SELECT pg_advisory_lock($1)", [environmentLockKey]);
        try {
          return await applyEnvironment(environment);
        } finally {
          await session.query("SELECT pg_advisory_unlock($1)", [environmentLockKey]);
        }
      });
    },
  };
}
