import { errorMessage, log } from "#app/platform/config/log.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { backoffDelay } from "#app/platform/outbox/dispatcher.server.ts";
import { DomainError } from "#app/billing/errors.ts";
import { findIntegrationFailure, reportIntegrationFailure } from "#app/platform/integration-failures.server.ts";
import { connectedNotionWorkspaces, documentIdsAfter, readNotionConnection, type MirroredDocument, type NotionConnection } from "./store.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { NotionApiError } from "./errors.ts";
import type { NotionGateway } from "./gateway.ts";
import { MirrorBusyError, NotionAccessLostError, type Mirror, type MirrorOutcome } from "./mirror.ts";
import type { Clock } from "./rate-limiter.ts";

export interface BackfillProgress {
  workspaceId: string;
  workspaceName: string;
  total: number;
  done: number;
  created: number;
  updated: number;
  recreated: number;
  /** Pages that already showed the document's current state (no request made). */
  current: number;
  /** Invoices or quotes Notion refused (see the logs); the others went on. */
  failed: number;
}

export interface BackfillOptions {
  /** One workspace; all connected workspaces when absent. */
  workspaceId?: string;
  /** Rewrite every page, even those already current (refreshes the portal links). */
  force?: boolean;
  onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillDeps {
  db: Db;
  encryptionKey: Buffer;
  mirror: Mirror;
  gatewayFor: (token: string, workspaceId: string) => NotionGateway;
  clock: Clock;
  now: () => Date;
  /**
   * Documents mirrored at once per workspace: as many as the rate allows requests per window, so
   * the limiter, not each document's round trips and database work, sets the pace (docs/decisions/168).
   */
  concurrency: number;
}

const pageSize = 100;
const maxAttempts = 10;

/**
 * Mirrors every invoice and quote through the same path and limiter as the live mirror, a few
 * at a time per workspace (workspaces run side by side and share tokens fairly). Resumable: a page
 * already showing its document's state is skipped without a request, so a second run picks up
 * where an interrupted one stopped. Waits out 429s and outages (on the injected clock).
 */
export async function backfill(deps: BackfillDeps, options: BackfillOptions = {}): Promise<BackfillProgress[]> {
  const workspaces = options.workspaceId ? [await getWorkspace(deps.db, options.workspaceId)] : await connectedNotionWorkspaces(deps.db);
  return Promise.all(workspaces.map((workspace) => backfillWorkspace(deps, workspace, options)));
}

async function connectionOf(deps: BackfillDeps, workspace: { id: string; name: string }): Promise<NotionConnection> {
  const connection = await readNotionConnection(deps.db, deps.encryptionKey, workspace.id);
  if (connection) return connection;
  throw new DomainError(`Workspace "${workspace.name}" is not connected to Notion. Connect it first: remit notion connect --workspace ${workspace.id} …`);
}

async function backfillWorkspace(deps: BackfillDeps, workspace: { id: string; name: string }, options: BackfillOptions): Promise<BackfillProgress> {
  const { db } = deps;
  const connection = await connectionOf(deps, workspace);
  const failure = await findIntegrationFailure(db, workspace.id, "notion");
  if (failure) throw new DomainError(`Notion is disconnected for "${workspace.name}": ${failure.reason}`);

  const gateway = deps.gatewayFor(connection.token, workspace.id);
  const progress: BackfillProgress = {
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    total: (await db.invoice.count({ where: { workspaceId: workspace.id } })) + (await db.quote.count({ where: { workspaceId: workspace.id } })),
    done: 0,
    created: 0,
    updated: 0,
    recreated: 0,
    current: 0,
    failed: 0,
  };

  /** Why the backfill stops (lost access, Notion keeps failing): no document starts after it is set. */
  let stopReason: string | null = null;

  async function mirrorWithRetries(document: MirroredDocument): Promise<MirrorOutcome | "failed" | "stopped"> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await deps.mirror.mirrorDocument(connection, gateway, document, { skipIfCurrent: !options.force });
      } catch (error) {
        if (error instanceof NotionAccessLostError) {
          if (stopReason === null) {
            stopReason = error.message;
            await reportIntegrationFailure(db, { workspaceId: workspace.id, integration: "notion", reason: error.message, now: deps.now() });
          }
          return "stopped";
        }
        if (error instanceof NotionApiError && error.kind === "invalid") {
          log.warn(`Notion refused ${document.kind === "invoice" ? "an invoice" : "a quote"}`, {
            workspaceId: workspace.id,
            [`${document.kind}Id`]: document.id,
            error: error.message,
          });
          return "failed";
        }
        if (attempt >= maxAttempts) {
          stopReason ??= `Notion keeps failing (${errorMessage(error)}). ` + "Nothing is lost: run the backfill again later and it goes on where it stopped.";
          return "stopped";
        }
        const wait =
          error instanceof NotionApiError && error.retryAfterMs !== null
            ? error.retryAfterMs
            : error instanceof MirrorBusyError
              ? 2000
              : backoffDelay(attempt, 1000, 60_000, Math.random);
        await deps.clock.sleep(wait);
        if (stopReason !== null) return "stopped";
      }
    }
  }

  const documents = documentsOf(db, workspace.id);
  /** Takes the next document while the backfill goes on; the generator hands each out once. */
  async function worker(): Promise<void> {
    try {
      while (stopReason === null) {
        const next = await documents.next();
        if (next.done || stopReason !== null) return;
        const outcome = await mirrorWithRetries(next.value);
        if (outcome === "stopped") return;
        progress[outcome]++;
        progress.done++;
        options.onProgress?.({ ...progress });
      }
    } catch (error) {
      stopReason ??= errorMessage(error);
      throw error;
    }
  }

  const workers = await Promise.allSettled(Array.from({ length: Math.max(1, deps.concurrency) }, worker));
  const crashed = workers.find((result) => result.status === "rejected");
  if (crashed) throw crashed.reason;
  if (stopReason !== null) throw new DomainError(`Stopped after ${progress.done} of ${progress.total} invoices and quotes: ${stopReason}`);
  return progress;
}

/** Every invoice, then every quote, of a workspace in id order (decision 121: the same database, a Type column tells them apart). */
async function* documentsOf(db: Db, workspaceId: string): AsyncGenerator<MirroredDocument> {
  for (const kind of ["invoice", "quote"] as const) {
    for (let after: string | null = null; ;) {
      const ids: string[] = await documentIdsAfter(db, kind, workspaceId, after, pageSize);
      if (!ids.length) break;
      for (const id of ids) yield { kind, id };
      after = ids.at(-1) ?? null;
    }
  }
}
