import type { Db } from "#app/db/database.server.ts";
import type { ActivityKind } from "#app/generated/prisma/client.ts";
import { emit } from "./outbox.server.ts";
import type { PortalAccess } from "./portal-access.server.ts";

/**
 * Records that the portal (invoiceId null) or an invoice was really shown to a person.
 * Called by the page's beacon after render, never by the page load, so link-preview bots
 * and mail scanners do not count. A vendor preview is recorded as such and emits nothing.
 * A client view emits `invoice.viewed`, flagged when it is the first.
 */
export async function recordView(db: Db, access: PortalAccess, invoiceId: string | null, now: Date): Promise<void> {
  const base = { workspaceId: access.workspaceId, customerId: access.customerId, preview: access.preview, createdAt: now };
  if (!invoiceId) {
    await db.activityEvent.create({ data: { ...base, kind: "portal_viewed" } });
    return;
  }
  await db.$transaction(async (tx) => {
    // The row lock makes concurrent views of one invoice count one after the other.
    await tx.$queryRaw`SELECT "id" FROM "Invoice" WHERE "id" = ${invoiceId} FOR UPDATE`;
    await tx.activityEvent.create({ data: { ...base, invoiceId, kind: "invoice_viewed" } });
    if (access.preview) return;
    const views = await tx.activityEvent.count({ where: { invoiceId, kind: "invoice_viewed", preview: false } });
    await emit(tx, {
      type: "invoice.viewed",
      workspaceId: access.workspaceId,
      aggregateId: invoiceId,
      payload: { invoiceId, firstView: views === 1, views },
    }, now);
  });
}

export async function recordActivity(
  db: Db,
  access: PortalAccess,
  kind: Extract<ActivityKind, "pdf_downloaded" | "receipt_downloaded" | "payment_started">,
  invoiceId: string,
  now: Date,
): Promise<void> {
  await db.activityEvent.create({
    data: { workspaceId: access.workspaceId, customerId: access.customerId, invoiceId, kind, preview: access.preview, createdAt: now },
  });
}
