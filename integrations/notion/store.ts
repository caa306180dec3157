import { z } from "zod";
import type { Db } from "#app/platform/db/database.server.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { readCredential, saveCredential } from "#app/platform/credentials.server.ts";
import { DomainError, NotFoundError } from "#app/billing/errors.ts";
import { clearIntegrationFailure, findIntegrationFailure } from "#app/platform/integration-failures.server.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";

/**
 * What Remit keeps about a workspace's Notion mirror: the integration token (encrypted, as a
 * credential), the target database and data source, and for each invoice its page. The Notion
 * API itself lives in integrations/notion; this module only stores and reads.
 */

const notionProvider = "notion";
/** The outbox subscriber name of the mirror. */
export const notionSubscriber = "notion";

/** Connecting failed; the message says why in plain words, `field` says which input to fix. */
export class NotionConnectError extends DomainError {
  override name = "NotionConnectError";
  constructor(
    readonly field: "token" | "target" | "properties",
    message: string,
  ) {
    super(message);
  }
}

const credentialSchema = z.object({ token: z.string().min(1) });
const propertiesSchema = z.record(z.string(), z.object({ id: z.string(), name: z.string() }));

export type NotionPropertyMap = z.infer<typeof propertiesSchema>;

export interface NotionTarget {
  databaseId: string;
  dataSourceId: string;
  /** The page Remit created the database under, when it created it. */
  parentPageId: string | null;
  /** Remit's field → the Notion property it writes: its id (which survives renames) and its name. */
  properties: NotionPropertyMap;
}

export interface NotionConnection extends NotionTarget {
  workspaceId: string;
  token: string;
  connectedAt: Date;
}

export async function readNotionConnection(db: Db, key: Buffer, workspaceId: string): Promise<NotionConnection | null> {
  const workspace = await db.workspace.findUnique({
    where: { id: workspaceId },
    select: { notionDatabaseId: true, notionDataSourceId: true, notionParentPageId: true, notionProperties: true, notionConnectedAt: true },
  });
  if (!workspace?.notionDatabaseId || !workspace.notionDataSourceId || !workspace.notionConnectedAt) return null;
  const credential = await readCredential(db, key, workspaceId, notionProvider, credentialSchema);
  if (!credential) return null;
  return {
    workspaceId,
    token: credential.token,
    databaseId: workspace.notionDatabaseId,
    dataSourceId: workspace.notionDataSourceId,
    parentPageId: workspace.notionParentPageId,
    properties: propertiesSchema.parse(workspace.notionProperties ?? {}),
    connectedAt: workspace.notionConnectedAt,
  };
}

/**
 * Stores a checked connection. Reconnecting clears a recorded failure (so the next one alerts
 * again) and queues the mirror's dead deliveries again; moving to another data source forgets
 * the pages of the old one, so a backfill writes every invoice into the new one.
 */
export async function saveNotionConnection(
  db: Db,
  key: Buffer,
  workspaceId: string,
  connection: { token: string; target: NotionTarget; now: Date },
): Promise<{ movedTarget: boolean; requeued: number }> {
  const { token, target, now } = connection;
  return db.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { notionDataSourceId: true } });
    await saveCredential(tx, key, workspaceId, notionProvider, { token });
    await tx.workspace.update({
      where: { id: workspaceId },
      data: {
        notionDatabaseId: target.databaseId,
        notionDataSourceId: target.dataSourceId,
        notionParentPageId: target.parentPageId,
        notionProperties: target.properties as Prisma.InputJsonObject,
        notionConnectedAt: now,
      },
    });
    const movedTarget = before.notionDataSourceId !== null && before.notionDataSourceId !== target.dataSourceId;
    if (movedTarget) {
      await tx.invoice.updateMany({ where: { workspaceId }, data: { notionPageId: null, notionSyncedHash: null } });
    }
    await clearIntegrationFailure(tx, workspaceId, "notion");
    const { count: requeued } = await tx.delivery.updateMany({
      where: { subscriber: notionSubscriber, status: "dead", event: { workspaceId } },
      data: { status: "pending", attempts: 0, nextAttemptAt: now, lastError: null },
    });
    return { movedTarget, requeued };
  });
}

/** Replaces the property map after Remit re-added properties someone removed in Notion. */
export async function saveNotionProperties(db: Db, workspaceId: string, properties: NotionPropertyMap): Promise<void> {
  await db.workspace.update({ where: { id: workspaceId }, data: { notionProperties: properties as Prisma.InputJsonObject } });
}

export async function connectedNotionWorkspaces(db: Db) {
  return db.workspace.findMany({
    where: { notionConnectedAt: { not: null } },
    select: { id: true, name: true },
    orderBy: { createdAt: "asc" },
  });
}

export interface NotionMirrorStatus {
  connected: boolean;
  databaseId: string | null;
  /** A link to the database in Notion. */
  databaseUrl: string | null;
  connectedAt: Date | null;
  /** Set when Notion refused access for good; cleared by reconnecting. */
  failure: { reason: string; since: Date } | null;
  invoices: number;
  /** Invoices that have a page in Notion. */
  mirrored: number;
  /** Mirror updates waiting to be delivered, and those that gave up (dead letter). */
  pendingUpdates: number;
  failedUpdates: number;
}

export function notionDatabaseUrl(databaseId: string): string {
  return `https://www.notion.so/${databaseId.replaceAll("-", "")}`;
}

export async function notionMirrorStatus(db: Db, workspaceId: string): Promise<NotionMirrorStatus> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { notionDatabaseId: true, notionConnectedAt: true },
  });
  const [failure, invoices, mirrored, pendingUpdates, failedUpdates] = await Promise.all([
    findIntegrationFailure(db, workspaceId, "notion"),
    db.invoice.count({ where: { workspaceId } }),
    db.invoice.count({ where: { workspaceId, notionPageId: { not: null } } }),
    db.delivery.count({ where: { subscriber: notionSubscriber, status: "pending", event: { workspaceId } } }),
    db.delivery.count({ where: { subscriber: notionSubscriber, status: "dead", event: { workspaceId } } }),
  ]);
  return {
    connected: workspace.notionConnectedAt !== null,
    databaseId: workspace.notionDatabaseId,
    databaseUrl: workspace.notionDatabaseId ? notionDatabaseUrl(workspace.notionDatabaseId) : null,
    connectedAt: workspace.notionConnectedAt,
    failure: failure ? { reason: failure.reason, since: failure.failedAt } : null,
    invoices,
    mirrored,
    pendingUpdates,
    failedUpdates,
  };
}

/**
 * Takes the invoice's mirror lease: while held, no other process (another instance's
 * dispatcher, a backfill) writes this invoice's page, so two writers can never both create one.
 * False while someone else holds it.
 */
export async function claimNotionLease(db: Tx, invoiceId: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
  const { count } = await db.invoice.updateMany({
    where: { id: invoiceId, OR: [{ notionLeaseUntil: null }, { notionLeaseUntil: { lt: now } }] },
    data: { notionLeaseOwner: owner, notionLeaseUntil: new Date(now.getTime() + leaseMs) },
  });
  if (count === 0 && (await db.invoice.count({ where: { id: invoiceId } })) === 0) throw new NotFoundError(`No invoice with id ${invoiceId}.`);
  return count === 1;
}

/** Stores the page and what was written to it, and gives the lease back, in one step. */
export async function recordNotionPage(db: Tx, invoiceId: string, owner: string, page: { pageId: string; hash: string }): Promise<void> {
  await db.invoice.updateMany({
    where: { id: invoiceId, notionLeaseOwner: owner },
    data: { notionPageId: page.pageId, notionSyncedHash: page.hash, notionLeaseOwner: null, notionLeaseUntil: null },
  });
}

export async function releaseNotionLease(db: Tx, invoiceId: string, owner: string): Promise<void> {
  await db.invoice.updateMany({
    where: { id: invoiceId, notionLeaseOwner: owner },
    data: { notionLeaseOwner: null, notionLeaseUntil: null },
  });
}

/** Invoice ids of a workspace in a stable order, a page at a time (for the backfill). */
export async function invoiceIdsAfter(db: Db, workspaceId: string, afterId: string | null, take: number): Promise<string[]> {
  const rows = await db.invoice.findMany({
    where: { workspaceId, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true },
    orderBy: { id: "asc" },
    take,
  });
  return rows.map((row) => row.id);
}
