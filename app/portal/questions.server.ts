import { z } from "zod";
import type { Db } from "#app/platform/db/database.server.ts";
import { NotFoundError, ValidationError } from "#app/billing/errors.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import type { PortalAccess } from "./access.server.ts";
import { getPortalInvoice } from "./read-models.server.ts";

/** The longest question or answer, in characters (a long email, not a document). */
export const maxQuestionLength = 2000;
/** Answers shown and emailed are cut to this many characters: Slack messages can be longer. */
export const maxAnswerLength = 4000;

/**
 * Text a person wrote, kept as plain text: control characters other than line breaks and tabs
 * removed, and bidirectional overrides, line endings made \n, and surrounding blank space trimmed. Nothing in it is ever
 * interpreted as markup where it is shown (the portal escapes it; Slack gets it escaped and verbatim).
 */
export function plainText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      .replace(/\p{Cc}/gu, (char) => (char === "\n" || char === "\t" ? char : ""))
      // Bidirectional overrides and zero-width spaces can make text read other than it is.
      .replace(/[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
      .trim()
  );
}

/** Questions reach the vendor's team in Slack: a workspace without Slack offers none (nobody would read them). */
export function answerable(workspace: { slackTeamId: string | null; alertChannelId: string | null }): boolean {
  return Boolean(workspace.slackTeamId || workspace.alertChannelId);
}

const question = z.object({
  body: z.string().transform(plainText).pipe(z.string().min(1, "empty").max(maxQuestionLength, "too-long")),
  lineId: z
    .string()
    .max(64)
    .nullish()
    .transform((value) => value || null),
});

export type QuestionInput = z.input<typeof question>;

/**
 * A client asks about an invoice they can see, or disputes one of its lines, from the portal:
 * recorded with `question.asked` (the vendor's Slack hears it) in one transaction. Refused for
 * an invoice outside the link's scope (not found) and for the vendor's own preview.
 */
export async function askQuestion(db: Db, access: PortalAccess, invoiceId: string, input: QuestionInput, now: Date) {
  const view = await getPortalInvoice(db, access, invoiceId, now);
  if (!view) throw new NotFoundError("No such invoice.");
  if (access.preview) throw new ValidationError({ body: "preview" });
  if (!answerable(view.workspace)) throw new ValidationError({ body: "unavailable" });
  const parsed = question.safeParse(input);
  if (!parsed.success) throw new ValidationError({ body: parsed.error.issues[0]?.message ?? "empty" });
  const { body, lineId } = parsed.data;
  if (lineId && !view.invoice.lines.some((line) => line.id === lineId)) throw new ValidationError({ lineId: "unknown" });
  return db.$transaction(async (tx) => {
    const message = await tx.invoiceMessage.create({
      data: { workspaceId: access.workspaceId, customerId: access.customerId, invoiceId: view.invoice.id, author: "client", body, lineId, createdAt: now },
    });
    await emit(
      tx,
      { type: "question.asked", workspaceId: access.workspaceId, aggregateId: view.invoice.id, payload: { invoiceId: view.invoice.id, messageId: message.id } },
      now,
    );
    return message;
  });
}

/** The conversation about one invoice, oldest first, only ever the link's own customer's. */
export async function conversationOf(db: Db, access: PortalAccess, invoiceId: string) {
  return db.invoiceMessage.findMany({
    where: { invoiceId, workspaceId: access.workspaceId, customerId: access.customerId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, author: true, authorName: true, body: true, lineId: true, createdAt: true },
  });
}

/** One message of a workspace's, with its invoice and customer, for the integrations telling it. */
export async function invoiceMessageOf(db: Db, workspaceId: string, messageId: string) {
  return db.invoiceMessage.findFirst({
    where: { id: messageId, workspaceId },
    include: {
      invoice: {
        select: { id: true, number: true, customerId: true, lines: { select: { id: true, productName: true } }, customer: { select: { name: true } } },
      },
    },
  });
}

export interface VendorReply {
  workspaceId: string;
  invoiceId: string;
  /** The team member's name as the vendor's Slack shows it. */
  authorName: string;
  body: string;
  /** Where it was written ("slack:<channel>:<ts>"): recorded once however often it is delivered. */
  externalId: string;
}

/**
 * A reply from the vendor's team to the client's questions about an invoice: recorded, shown on
 * the invoice's page, and emailed to the client (`question.answered`). Returns null when it was
 * recorded before (a redelivered Slack event), or the invoice is not the workspace's.
 */
export async function recordVendorReply(db: Db, reply: VendorReply, now: Date) {
  const body = plainText(reply.body).slice(0, maxAnswerLength);
  if (!body) return null;
  const invoice = await db.invoice.findFirst({ where: { id: reply.invoiceId, workspaceId: reply.workspaceId }, select: { id: true, customerId: true } });
  if (!invoice) return null;
  return db.$transaction(async (tx) => {
    const { count } = await tx.invoiceMessage.createMany({
      data: [
        {
          workspaceId: reply.workspaceId,
          customerId: invoice.customerId,
          invoiceId: invoice.id,
          author: "vendor",
          authorName: plainText(reply.authorName).slice(0, 120) || null,
          body,
          externalId: reply.externalId,
          createdAt: now,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return null;
    const message = await tx.invoiceMessage.findUniqueOrThrow({ where: { externalId: reply.externalId } });
    await emit(
      tx,
      { type: "question.answered", workspaceId: reply.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, messageId: message.id } },
      now,
    );
    return message;
  });
}
