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
export async function recordView(db: Db, access: PortalAccess, invoiceId: string | null, now = new Date()): Promise<void> {
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
    });
  });
}

export async function recordActivity(
  db: Db,
  access: PortalAccess,
  kind: Extract<ActivityKind, "pdf_downloaded" | "receipt_downloaded" | "payment_started">,
  invoiceId: string,
  now = new Date(),
): Promise<void> {
  await db.activityEvent.create({
    data: { workspaceId: access.workspaceId, customerId: access.customerId, invoiceId, kind, preview: access.preview, createdAt: now },
  });
}

/** An email reached the client's mail server (or was kept, without SMTP): part of the invoice's timeline. */
export async function recordEmailed(
  db: Db,
  input: { workspaceId: string; customerId: string; invoiceId: string | null; kind: Extract<ActivityKind, "email_sent" | "reminder_sent">; at: Date },
): Promise<void> {
  await db.activityEvent.create({
    data: { workspaceId: input.workspaceId, customerId: input.customerId, invoiceId: input.invoiceId, kind: input.kind, createdAt: input.at },
  });
}

/** What was emailed to the client about an invoice: the last email and how many reminders (for Slack and Notion). */
export async function emailedSummary(db: Db, invoiceId: string): Promise<{ lastEmailedAt: Date | null; remindersSent: number }> {
  const [last, remindersSent] = await Promise.all([
    db.activityEvent.findFirst({ where: { invoiceId, kind: { in: ["email_sent", "reminder_sent"] } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    db.activityEvent.count({ where: { invoiceId, kind: "reminder_sent" } }),
  ]);
  return { lastEmailedAt: last?.createdAt ?? null, remindersSent };
}
