import { z } from "zod";
import type { Db } from "#app/platform/db/database.server.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { SubscriberName } from "#app/ports/events.ts";
import { readCredential, saveCredential } from "#app/platform/credentials.server.ts";
import { DomainError, NotFoundError } from "#app/billing/errors.ts";
import { clearIntegrationFailure, findIntegrationFailure } from "#app/platform/integration-failures.server.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";

/**
 * What Remit keeps about a workspace's Notion mirror: the integration token (encrypted, as a
 * credential), the target database and data source, and for each invoice and quote its page. The Notion
 * API itself lives in integrations/notion; this module only stores and reads.
 */

const notionProvider = "notion";
/** The outbox subscriber name of the mirror. */
export const notionSubscriber = "notion" satisfies SubscriberName;

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
  const row = await db.notionConnection.findUnique({ where: { workspaceId } });
  if (!row) return null;
  const credential = await readCredential(db, key, workspaceId, notionProvider, credentialSchema);
  if (!credential) return null;
  return {
    workspaceId,
    token: credential.token,
    databaseId: row.databaseId,
    dataSourceId: row.dataSourceId,
    parentPageId: row.parentPageId,
    properties: propertiesSchema.parse(row.properties),
    connectedAt: row.connectedAt,
  };
}

/**
 * Stores a checked connection. Reconnecting clears a recorded failure (so the next one alerts
 * again) and queues the mirror's dead deliveries again; moving to another data source forgets
 * the pages of the old one, so a backfill writes every invoice and quote into the new one.
 */
export async function saveNotionConnection(
  db: Db,
  key: Buffer,
  workspaceId: string,
  connection: { token: string; target: NotionTarget; now: Date },
): Promise<{ movedTarget: boolean; requeued: number }> {
  const { token, target, now } = connection;
  return db.$transaction(async (tx) => {
    const before = await tx.notionConnection.findUnique({ where: { workspaceId }, select: { dataSourceId: true } });
    await saveCredential(tx, key, workspaceId, notionProvider, { token });
    const row = {
      databaseId: target.databaseId,
      dataSourceId: target.dataSourceId,
      parentPageId: target.parentPageId,
      properties: target.properties as Prisma.InputJsonObject,
      connectedAt: now,
    };
    await tx.notionConnection.upsert({ where: { workspaceId }, create: { workspaceId, ...row }, update: row });
    const movedTarget = before !== null && before.dataSourceId !== target.dataSourceId;
    if (movedTarget) {
      await tx.notionPage.updateMany({ where: { workspaceId }, data: { pageId: null, syncedHash: null } });
      await tx.notionQuotePage.updateMany({ where: { workspaceId }, data: { pageId: null, syncedHash: null } });
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
  await db.notionConnection.update({ where: { workspaceId }, data: { properties: properties as Prisma.InputJsonObject } });
}

export async function connectedNotionWorkspaces(db: Db) {
  return db.workspace.findMany({
    where: { notionConnection: { isNot: null } },
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
  quotes: number;
  /** Quotes that have a page in Notion (decision 121: in the same database). */
  mirroredQuotes: number;
  /** Mirror updates waiting to be delivered, and those that gave up (dead letter). */
  pendingUpdates: number;
  failedUpdates: number;
}

export function notionDatabaseUrl(databaseId: string): string {
  return `https://www.notion.so/${databaseId.replaceAll("-", "")}`;
}

export async function notionMirrorStatus(db: Db, workspaceId: string): Promise<NotionMirrorStatus> {
  await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true } });
  const [connection, failure, invoices, mirrored, quotes, mirroredQuotes, pendingUpdates, failedUpdates] = await Promise.all([
    db.notionConnection.findUnique({ where: { workspaceId }, select: { databaseId: true, connectedAt: true } }),
    findIntegrationFailure(db, workspaceId, "notion"),
    db.invoice.count({ where: { workspaceId } }),
    db.notionPage.count({ where: { workspaceId, pageId: { not: null } } }),
    db.quote.count({ where: { workspaceId } }),
    db.notionQuotePage.count({ where: { workspaceId, pageId: { not: null } } }),
    db.delivery.count({ where: { subscriber: notionSubscriber, status: "pending", event: { workspaceId } } }),
    db.delivery.count({ where: { subscriber: notionSubscriber, status: "dead", event: { workspaceId } } }),
  ]);
  return {
    connected: connection !== null,
    databaseId: connection?.databaseId ?? null,
    databaseUrl: connection ? notionDatabaseUrl(connection.databaseId) : null,
    connectedAt: connection?.connectedAt ?? null,
    failure: failure ? { reason: failure.reason, since: failure.failedAt } : null,
    invoices,
    mirrored,
    quotes,
    mirroredQuotes,
    pendingUpdates,
    failedUpdates,
  };
}

/** What the mirror writes a page for: an invoice, or a quote in the same database (decision 121). */
export interface MirroredDocument {
  kind: "invoice" | "quote";
  id: string;
}

/** Which rows of a document's page bookkeeping an update touches, besides the document's own. */
interface LeaseFilter {
  leaseOwner?: string;
  OR?: ({ leaseUntil: null } | { leaseUntil: { lt: Date } })[];
}
interface PageData {
  pageId?: string;
  syncedHash?: string;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

/** The page bookkeeping of one document: an invoice's in `NotionPage`, a quote's in `NotionQuotePage`. */
function pageRow(db: Tx, document: MirroredDocument) {
  if (document.kind === "invoice") {
    const invoiceId = document.id;
    return {
      workspaceOf: () => db.invoice.findUnique({ where: { id: invoiceId }, select: { workspaceId: true } }),
      ensure: (workspaceId: string) => db.notionPage.createMany({ data: [{ invoiceId, workspaceId }], skipDuplicates: true }),
      update: (filter: LeaseFilter, data: PageData) => db.notionPage.updateMany({ where: { invoiceId, ...filter }, data }),
      read: () => db.notionPage.findUnique({ where: { invoiceId }, select: { pageId: true, syncedHash: true } }),
    };
  }
  const quoteId = document.id;
  return {
    workspaceOf: () => db.quote.findUnique({ where: { id: quoteId }, select: { workspaceId: true } }),
    ensure: (workspaceId: string) => db.notionQuotePage.createMany({ data: [{ quoteId, workspaceId }], skipDuplicates: true }),
    update: (filter: LeaseFilter, data: PageData) => db.notionQuotePage.updateMany({ where: { quoteId, ...filter }, data }),
    read: () => db.notionQuotePage.findUnique({ where: { quoteId }, select: { pageId: true, syncedHash: true } }),
  };
}

/**
 * Takes the document's mirror lease: while held, no other process (another instance's
 * dispatcher, a backfill) writes this document's page, so two writers can never both create one.
 * False while someone else holds it.
 */
export async function claimNotionLease(db: Tx, document: MirroredDocument, owner: string, now: Date, leaseMs: number): Promise<boolean> {
  const row = pageRow(db, document);
  const found = await row.workspaceOf();
  if (!found) throw new NotFoundError(`No ${document.kind} with id ${document.id}.`);
  await row.ensure(found.workspaceId);
  const { count } = await row.update(
    { OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
  );
  return count === 1;
}

/** The document's page in the mirror and a hash of what was last written to it, if it has one. */
export async function notionPageOf(db: Tx, document: MirroredDocument): Promise<{ pageId: string; syncedHash: string | null } | null> {
  const row = await pageRow(db, document).read();
  return row?.pageId ? { pageId: row.pageId, syncedHash: row.syncedHash } : null;
}

/** Stores the page and what was written to it, and gives the lease back, in one step. */
export async function recordNotionPage(db: Tx, document: MirroredDocument, owner: string, page: { pageId: string; hash: string }): Promise<void> {
  await pageRow(db, document).update({ leaseOwner: owner }, { pageId: page.pageId, syncedHash: page.hash, leaseOwner: null, leaseUntil: null });
}

export async function releaseNotionLease(db: Tx, document: MirroredDocument, owner: string): Promise<void> {
  await pageRow(db, document).update({ leaseOwner: owner }, { leaseOwner: null, leaseUntil: null });
}

/** Invoice or quote ids of a workspace in a stable order, a page at a time (for the backfill). */
export async function documentIdsAfter(db: Db, kind: MirroredDocument["kind"], workspaceId: string, afterId: string | null, take: number): Promise<string[]> {
  const query = { where: { workspaceId, ...(afterId ? { id: { gt: afterId } } : {}) }, select: { id: true }, orderBy: { id: "asc" as const }, take };
  const rows = kind === "invoice" ? await db.invoice.findMany(query) : await db.quote.findMany(query);
  return rows.map((row) => row.id);
}
