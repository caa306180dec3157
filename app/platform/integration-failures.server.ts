import type { Db } from "#app/platform/db/database.server.ts";
import type { IntegrationName } from "#app/ports/events.ts";
import { emit, type Tx } from "./outbox/outbox.server.ts";

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

/** The same refusal is reported again only after this long. */
export const refusalAlertWindowMs = 24 * 60 * 60_000;

export interface IntegrationRefusal {
  workspaceId: string;
  integration: IntegrationName;
  /** What was refused and what to fix, in words the team acts on. */
  reason: string;
  invoiceId: string | null;
  now: Date;
}

/**
 * Records that an integration refused an update for good while staying connected (Notion
 * rejected a value): emits `integration.refused`, once a day per workspace and reason, so a
 * refusal repeated on every invoice is one alert. Returns whether this report was emitted.
 */
export async function reportIntegrationRefusal(db: Db, refusal: IntegrationRefusal): Promise<boolean> {
  const { workspaceId, integration, reason, invoiceId, now } = refusal;
  return db.$transaction(async (tx) => {
    // The row lock makes concurrent refusals of one workspace decide one after the other.
    await tx.$queryRaw`SELECT "id" FROM "Workspace" WHERE "id" = ${workspaceId} FOR UPDATE`;
    const recent = await tx.outboxEvent.count({
      where: {
        type: "integration.refused",
        workspaceId,
        createdAt: { gte: new Date(now.getTime() - refusalAlertWindowMs) },
        AND: [{ payload: { path: ["integration"], equals: integration } }, { payload: { path: ["reason"], equals: reason } }],
      },
    });
    if (recent) return false;
    await emit(tx, { type: "integration.refused", workspaceId, aggregateId: workspaceId, payload: { integration, reason, invoiceId } }, now);
    return true;
  });
}
