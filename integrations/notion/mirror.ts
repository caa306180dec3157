import type { SigningKey } from "#app/platform/config/secrets.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { summarizeInvoice } from "#app/billing/invoice-summary.server.ts";
import { summarizeQuote } from "#app/billing/quotes.server.ts";
import {
  claimNotionLease,
  recordNotionPage,
  notionPageOf,
  releaseNotionLease,
  saveNotionProperties,
  type MirroredDocument,
  type NotionConnection,
} from "./store.ts";
import { issuePortalToken, portalUrl } from "#app/portal/access.server.ts";
import { NotionApiError } from "./errors.ts";
import type { NotionGateway } from "./gateway.ts";
import {
  completeMap,
  pageProperties,
  planSchema,
  propertyNames,
  quoteRowValues,
  resolvePropertyMap,
  rowHash,
  rowValues,
  type PageProperties,
  type PropertyMap,
} from "./schema.ts";

export type MirrorOutcome = "created" | "updated" | "recreated" | "current";

/** Another process holds the invoice's lease (it is writing the same page right now). */
export class MirrorBusyError extends Error {
  override name = "MirrorBusyError";
}

/**
 * Notion refused access for good (revoked token, unshared or trashed database, a column of
 * the wrong type): the mirror stops for this workspace until someone reconnects it.
 */
export class NotionAccessLostError extends Error {
  override name = "NotionAccessLostError";
}

const accessReasons: Partial<Record<NotionApiError["kind"], string>> = {
  unauthorized: "Notion no longer accepts Remit's integration token (it was revoked, or the integration was removed). Reconnect Notion with a new token.",
  forbidden: "Remit's integration may no longer edit the Notion database. Give it edit access again (••• → Connections in Notion), then reconnect.",
  not_found:
    "Remit's integration can no longer see the Notion database (it was deleted, or its connection to the integration was removed). Share it with the integration again, then reconnect.",
  archived: "The Notion database is in the trash. Restore it in Notion, then reconnect.",
};

/** Turns a data-source level refusal into the reason the team reads; other failures pass through. */
function accessLost(error: unknown): unknown {
  if (error instanceof NotionApiError) {
    const reason = accessReasons[error.kind];
    if (reason) return new NotionAccessLostError(reason);
  }
  return error;
}

export interface MirrorDeps {
  db: Db;
  signingKeys: SigningKey[];
  publicUrl: string;
  linkTtlDays: number;
  now: () => Date;
  /** Who holds the per-document lease (this process). */
  owner: string;
  leaseMs: number;
}

/**
 * Writes one invoice's or quote's current state to its page: updates the stored page; if that
 * page was deleted or trashed in Notion, or none is stored, adopts the page carrying the
 * document's Remit ID or creates one. A lease on the document keeps every other writer away meanwhile,
 * and the page id is stored in the step that ends the lease, so a page is never created twice.
 */
export function createMirror(deps: MirrorDeps) {
  const { db } = deps;

  /**
   * Re-adds columns someone removed in Notion (never touching theirs) and stores the new map,
   * on the workspace and on `connection` (a backfill goes on with it).
   */
  async function healSchema(connection: NotionConnection, gateway: NotionGateway): Promise<PropertyMap> {
    const known = connection.properties as Partial<PropertyMap>;
    const wanted = propertyNames(Object.fromEntries(Object.entries(known).map(([field, property]) => [field, property.name])));
    const dataSource = await gateway.retrieveDataSource(connection.dataSourceId);
    const plan = planSchema(dataSource.properties, wanted, known);
    const [conflict] = plan.conflicts;
    if (conflict) {
      throw new NotionAccessLostError(
        `The Notion column "${conflict.name}" is now a ${conflict.type} property; Remit writes ${conflict.wanted} values there. Change it back or rename it in Notion, then reconnect.`,
      );
    }
    const after = Object.keys(plan.changes).length ? await gateway.updateDataSourceProperties(connection.dataSourceId, plan.changes) : dataSource;
    const map = resolvePropertyMap(plan, after.properties, wanted);
    if (!map) throw new NotionApiError("invalid", "Notion did not add the missing columns.");
    await saveNotionProperties(db, connection.workspaceId, map);
    connection.properties = map;
    return map;
  }

  /**
   * A document's row and its vendor preview link (see docs/decisions): opening it from Notion
   * never counts as a client view. A quote's link opens that quote, as the client's does.
   */
  async function rowOf(document: MirroredDocument) {
    if (document.kind === "invoice") {
      const summary = await summarizeInvoice(db, document.id, deps.now());
      return { summary, values: rowValues(summary), scope: { invoiceId: summary.id } };
    }
    const summary = await summarizeQuote(db, document.id, deps.now());
    return { summary, values: quoteRowValues(summary), scope: { quoteId: summary.id } };
  }

  async function previewLink({ summary, scope }: Awaited<ReturnType<typeof rowOf>>): Promise<string> {
    const { token } = await issuePortalToken(
      db,
      deps.signingKeys,
      { workspaceId: summary.workspaceId, customerId: summary.customerId, ...scope, preview: true, ttlDays: deps.linkTtlDays },
      deps.now(),
    );
    return portalUrl(deps.publicUrl, token);
  }

  /** Updates the page; false when it is gone (deleted, trashed) and has to be made again. */
  async function updateExisting(gateway: NotionGateway, pageId: string, properties: PageProperties): Promise<boolean> {
    try {
      return !(await gateway.updatePage(pageId, properties)).inTrash;
    } catch (error) {
      if (error instanceof NotionApiError && (error.kind === "not_found" || error.kind === "archived")) return false;
      throw error;
    }
  }

  async function write(connection: NotionConnection, gateway: NotionGateway, document: MirroredDocument, map: PropertyMap) {
    const row = await rowOf(document);
    const hash = rowHash(row.values, map);
    const properties = pageProperties(row.values, await previewLink(row), map);
    const stored = (await notionPageOf(db, document))?.pageId ?? null;
    if (stored && (await updateExisting(gateway, stored, properties))) return { pageId: stored, hash, outcome: "updated" as const };
    const found = await gateway.findPage(connection.dataSourceId, map.remitId.id, document.id);
    if (found && (await updateExisting(gateway, found, properties))) {
      return { pageId: found, hash, outcome: found === stored ? ("updated" as const) : ("recreated" as const) };
    }
    const pageId = await gateway.createPage(connection.dataSourceId, properties);
    return { pageId, hash, outcome: stored ? ("recreated" as const) : ("created" as const) };
  }

  /**
   * Mirrors one invoice or quote. With `skipIfCurrent`, a document whose page already shows its
   * current state costs no request (what makes the backfill resumable).
   */
  async function mirrorDocument(
    connection: NotionConnection,
    gateway: NotionGateway,
    document: MirroredDocument,
    options: { skipIfCurrent: boolean },
  ): Promise<MirrorOutcome> {
    try {
      let map = completeMap(connection.properties) ?? (await healSchema(connection, gateway));
      if (options.skipIfCurrent) {
        const page = await notionPageOf(db, document);
        if (page && page.syncedHash === rowHash((await rowOf(document)).values, map)) return "current";
      }
      if (!(await claimNotionLease(db, document, deps.owner, deps.now(), deps.leaseMs))) {
        throw new MirrorBusyError(`${document.kind === "invoice" ? "Invoice" : "Quote"} ${document.id} is being written to Notion by another process.`);
      }
      let recorded = false;
      try {
        // The row is read after taking the lease: whatever is written is the latest state.
        let result;
        try {
          result = await write(connection, gateway, document, map);
        } catch (error) {
          if (!(error instanceof NotionApiError && error.kind === "invalid")) throw error;
          // A column Remit writes may have been removed or retyped in Notion: repair, then try once more.
          map = await healSchema(connection, gateway);
          result = await write(connection, gateway, document, map);
        }
        await recordNotionPage(db, document, deps.owner, { pageId: result.pageId, hash: result.hash });
        recorded = true;
        return result.outcome;
      } finally {
        if (!recorded) await releaseNotionLease(db, document, deps.owner);
      }
    } catch (error) {
      throw accessLost(error);
    }
  }

  return { mirrorDocument };
}

export type Mirror = ReturnType<typeof createMirror>;
