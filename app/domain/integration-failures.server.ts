import type { Db } from "#app/db/database.server.ts";
import type { IntegrationName } from "./events.ts";
import { emit, type Tx } from "./outbox.server.ts";

export interface IntegrationFailureReport {
  workspaceId: string;
  integration: IntegrationName;
  reason: string;
  now: Date;
}

/**
 * Records that an integration lost access and emits `integration.failed` (aggregate: the
 * workspace) — only the first time until the workspace reconnects, so the team gets one alert
 * however many invoices fail afterwards. Returns whether this report was the first.
 */
export async function reportIntegrationFailure(db: Db, report: IntegrationFailureReport): Promise<boolean> {
  const { workspaceId, integration, reason } = report;
  return db.$transaction(async (tx) => {
    const { count } = await tx.integrationFailure.createMany({
      data: [{ workspaceId, integration, reason, failedAt: report.now }],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    await emit(tx, { type: "integration.failed", workspaceId, aggregateId: workspaceId, payload: { integration, reason } }, report.now);
    return true;
  });
}

export async function findIntegrationFailure(db: Tx, workspaceId: string, integration: IntegrationName) {
  return db.integrationFailure.findUnique({ where: { workspaceId_integration: { workspaceId, integration } } });
}

/** A reconnected integration may alert again the next time it fails. */
export async function clearIntegrationFailure(db: Tx, workspaceId: string, integration: IntegrationName): Promise<void> {
  await db.integrationFailure.deleteMany({ where: { workspaceId, integration } });
}
