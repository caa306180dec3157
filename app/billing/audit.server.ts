import type { Db } from "#app/platform/db/database.server.ts";
import type { AuditAction } from "#app/generated/prisma/client.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";

/**
 * Who acted: "slack:U0123ABCD" for a person in Slack, "cli" for the command line, "stripe" for
 * a payment the provider confirmed. Integrations name their people; the domain only keeps it.
 */
export type Actor = string;

export interface Change {
  workspaceId: string;
  invoiceId?: string | null;
  customerId?: string | null;
  action: AuditAction;
  actor: Actor;
  amount?: number | null;
  at: Date;
}

/** Records a change in the same transaction as the change itself. */
export async function recordChange(tx: Tx, change: Change): Promise<void> {
  const { at, ...data } = change;
  await tx.auditEntry.create({ data: { ...data, createdAt: at } });
}

/**
 * An invoice's changes, oldest first: its own (issued, voided, payments recorded) and its
 * customer's link renewals since the invoice was created, since those changed the invoice's link too.
 */
export async function changesOf(db: Db, workspaceId: string, invoice: { id: string; customerId: string; createdAt: Date }) {
  return db.auditEntry.findMany({
    where: {
      workspaceId,
      OR: [{ invoiceId: invoice.id }, { customerId: invoice.customerId, invoiceId: null, action: "links_renewed", createdAt: { gte: invoice.createdAt } }],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

export type AuditEntry = Awaited<ReturnType<typeof changesOf>>[number];
