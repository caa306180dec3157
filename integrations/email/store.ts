import { randomUUID } from "node:crypto";
import type { Db } from "#app/platform/db/database.server.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";
import type { EmailMessage } from "#app/generated/prisma/client.ts";

/** Which email a row is, so each goes out once: "invoice:<id>:issued", "reminder:<id>:-3", "receipt:<payment id>"… */
export interface EmailPurpose {
  purpose: string;
  kind: EmailKind;
  workspaceId: string;
  customerId: string | null;
  invoiceId: string | null;
}

export type EmailKind = "invoice" | "reminder" | "receipt" | "refund" | "fresh_link" | "answer" | "quote";

export type EmailRecord = EmailMessage;

export function findEmail(db: Db, purpose: string): Promise<EmailRecord | null> {
  return db.emailMessage.findUnique({ where: { purpose } });
}

/**
 * The row for this purpose, created on first use with a fresh Message-ID that every later
 * attempt reuses (a receiving server or mail client that saw it already can tell a resend).
 */
export async function claimEmail(db: Db, purpose: EmailPurpose, message: { to: string; subject: string; domain: string }): Promise<EmailRecord> {
  await db.emailMessage.createMany({
    data: [{ ...purpose, messageId: `<${randomUUID()}@${message.domain}>`, to: message.to, subject: message.subject, status: "sending" }],
    skipDuplicates: true,
  });
  return db.emailMessage.update({
    where: { purpose: purpose.purpose },
    data: { to: message.to, subject: message.subject, attempts: { increment: 1 } },
  });
}

export async function markSent(db: Tx, id: string, result: { transport: string; response: string; at: Date }): Promise<void> {
  await db.emailMessage.update({
    where: { id },
    data: { status: "sent", transport: result.transport, response: result.response.slice(0, 1000), sentAt: result.at, lastError: null },
  });
}

export async function markFailed(db: Db, id: string, failure: { reason: string; permanent: boolean }): Promise<void> {
  await db.emailMessage.update({
    where: { id },
    data: { ...(failure.permanent ? { status: "failed" } : {}), lastError: failure.reason.slice(0, 1000) },
  });
}

/** Emails of one invoice (or all of a workspace), newest first: for the CLI and status views. */
export function listEmails(db: Db, filter: { workspaceId?: string; invoiceId?: string }, take = 50): Promise<EmailRecord[]> {
  return db.emailMessage.findMany({ where: filter, orderBy: { createdAt: "desc" }, take });
}
