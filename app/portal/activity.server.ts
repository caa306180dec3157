import type { Db } from "#app/platform/db/database.server.ts";
import type { ActivityKind } from "#app/generated/prisma/client.ts";
import { emit, type Tx } from "#app/platform/outbox/outbox.server.ts";
import type { PortalAccess } from "./access.server.ts";
import { recordActivity } from "#app/billing/activity.server.ts";

/** Views of the same page by the same client within this window are one view (one visit). */
export const viewWindowMs = 10 * 60_000;

export type ViewOutcome = "recorded" | "coalesced";

/**
 * Records that the portal (invoiceId null) or an invoice was really shown to a person.
 * Called by the page's beacon after render, never by the page load, so link-preview bots
 * and mail scanners do not count. A vendor preview is recorded as such and emits nothing.
 * A client view emits `invoice.viewed`, flagged when it is the first. Repeated views within
 * `viewWindowMs` are coalesced into the first, so one link can add at most one view (and one
 * event) per page per window, however many beacons it sends.
 */
export async function recordView(db: Db, access: PortalAccess, invoiceId: string | null, now: Date): Promise<ViewOutcome> {
  const base = { workspaceId: access.workspaceId, customerId: access.customerId, preview: access.preview, createdAt: now };
  const kind = invoiceId ? ("invoice_viewed" as const) : ("portal_viewed" as const);
  return db.$transaction(async (tx) => {
    // The row lock makes concurrent views of one page count one after the other.
    if (invoiceId) await tx.$queryRaw`SELECT "id" FROM "Invoice" WHERE "id" = ${invoiceId} FOR UPDATE`;
    else await tx.$queryRaw`SELECT "id" FROM "Customer" WHERE "id" = ${access.customerId} FOR UPDATE`;
    const recent = await tx.activityEvent.findFirst({
      where: { customerId: access.customerId, invoiceId, kind, preview: access.preview, createdAt: { gt: new Date(now.getTime() - viewWindowMs) } },
      select: { id: true },
    });
    if (recent) return "coalesced";
    await tx.activityEvent.create({ data: { ...base, invoiceId, kind } });
    if (!invoiceId || access.preview) return "recorded";
    const views = await tx.activityEvent.count({ where: { invoiceId, kind: "invoice_viewed", preview: false } });
    await emit(
      tx,
      {
        type: "invoice.viewed",
        workspaceId: access.workspaceId,
        aggregateId: invoiceId,
        payload: { invoiceId, firstView: views === 1, views },
      },
      now,
    );
    return "recorded";
  });
}

export async function recordPortalActivity(
  db: Db,
  access: PortalAccess,
  kind: Extract<ActivityKind, "pdf_downloaded" | "receipt_downloaded" | "payment_started">,
  invoiceId: string,
  now: Date,
): Promise<void> {
  await recordActivity(db, { workspaceId: access.workspaceId, customerId: access.customerId, invoiceId }, kind, now, access.preview);
}

/** An email reached the client's mail server (or was kept, without SMTP), or was refused for good: part of the invoice's timeline. */
export async function recordEmailed(
  db: Tx,
  input: {
    workspaceId: string;
    customerId: string;
    invoiceId: string | null;
    kind: Extract<ActivityKind, "email_sent" | "reminder_sent" | "email_failed">;
    at: Date;
  },
): Promise<void> {
  await db.activityEvent.create({
    data: { workspaceId: input.workspaceId, customerId: input.customerId, invoiceId: input.invoiceId, kind: input.kind, createdAt: input.at },
  });
}
