import type { ActivityKind } from "#app/generated/prisma/client.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";

/** Whose timeline an activity joins: the invoice's, and its customer's. */
export interface ActivitySubject {
  workspaceId: string;
  customerId: string;
  invoiceId: string;
}

/** Adds one step to the invoice's timeline (a download, a payment started or settled); `preview` marks the vendor's own visits. */
export async function recordActivity(tx: Tx, subject: ActivitySubject, kind: ActivityKind, now: Date, preview = false): Promise<void> {
  const { workspaceId, customerId, invoiceId } = subject;
  await tx.activityEvent.create({ data: { workspaceId, customerId, invoiceId, kind, preview, createdAt: now } });
}
