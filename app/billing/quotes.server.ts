import type { Db } from "#app/platform/db/database.server.ts";
import type { Quote, QuoteLine, QuoteStatus } from "#app/generated/prisma/client.ts";
import { addDays, calendarDateIn } from "#app/platform/calendar.ts";
import { emit, type Tx } from "#app/platform/outbox/outbox.server.ts";
import type { Actor } from "./audit.server.ts";
import { IllegalTransitionError, NotFoundError, ValidationError } from "./errors.ts";
import { createInvoiceInput, lineInput } from "./invoice-input.ts";
import { computeTotals } from "./invoice-math.ts";
import { createInvoiceIn, invoiceContent, priceInvoice, type InvoiceWithLines } from "./invoices.server.ts";
import type { DocumentSummary } from "./invoice-summary.server.ts";
import { takeNumber } from "./numbering.ts";
import { roundHalfUp } from "./money.ts";
import { snapshotParties } from "./printed-parties.ts";
import { acceptanceInput, maxDeclineReason, quoteExtras, type CreateQuoteInput, type QuoteFollowUp } from "./quote-input.ts";
import { parseInput } from "./validation.ts";
import { workspaceSettingsInput } from "./workspaces.server.ts";
import type { z } from "zod";

export type QuoteWithLines = Quote & { lines: QuoteLine[] };

/** How many days before its last valid day a sent quote raises the "expires soon" alert. */
export const expiryWarningDays = 3;

/**
 * A quote's status as a person reads it today: a sent quote past its last valid day (in the
 * workspace's timezone) is expired, even before the expiry job has marked it so.
 */
export function quoteStatus(quote: { status: QuoteStatus; validUntil: Date }, now: Date, timeZone: string): QuoteStatus {
  return quote.status === "sent" && quote.validUntil < calendarDateIn(now, timeZone) ? "expired" : quote.status;
}

/** Why a client's acceptance or decline was refused; the portal says it in the client's words. */
export type QuoteRefusal = "accepted" | "declined" | "expired" | "withdrawn" | "draft" | "name" | "terms" | "reason";

export class QuoteRefusedError extends IllegalTransitionError {
  override name = "QuoteRefusedError";
  constructor(
    readonly refusal: QuoteRefusal,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The words printed on an invoice made from part of a quote ("Deposit (30%) on quote Q-0001"),
 * in the client's language: the caller, which knows the catalogues, passes them in.
 */
export type QuotePartLabel = (part: "deposit" | "rest", context: { quoteNumber: string; percentBps: number; locale: string }) => string;

/** Who made the quote, and what made it: a retried request with the same key creates nothing more. */
export interface QuoteOrigin {
  actor?: Actor;
  sourceKey?: string;
}

/** The quote a request (by its source key) already created. */
export async function quoteFromSource(db: Db, workspaceId: string, sourceKey: string): Promise<QuoteWithLines | null> {
  return db.quote.findFirst({ where: { workspaceId, sourceKey }, include: { lines: { orderBy: { position: "asc" } } } });
}

/** Reads a new quote's input: an invoice's content rules, with the validity date in the due date's place. */
function readQuoteInput(raw: CreateQuoteInput) {
  const { validUntil, depositBps, send, emailClient, ...content } = raw;
  const issues: Record<string, string> = {};
  let invoice: ReturnType<typeof createInvoiceInput.parse> | null = null;
  try {
    invoice = parseInput(createInvoiceInput, { ...content, dueDate: validUntil, issue: send ?? true });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [field, message] of Object.entries(error.issues)) {
      if (field === "dueDate") issues.validUntil = message.replace("Due date", "Valid until").replace("invoice", "quote");
      else issues[field] = message.replace("An invoice", "A quote").replace("Invoice total", "Quote total");
    }
  }
  let extras: ReturnType<typeof quoteExtras.parse> | null = null;
  try {
    extras = parseInput(quoteExtras, { depositBps, send, emailClient });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(issues, error.issues);
  }
  if (Object.keys(issues).length || !invoice || !extras) throw new ValidationError(issues);
  return { invoice, extras };
}

/** Every mistake in a quote's input at once, without writing anything (for forms). */
export function quoteEntryIssues(raw: CreateQuoteInput): Record<string, string> {
  try {
    readQuoteInput(raw);
    return {};
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

/**
 * Creates a quote (and sends it unless `send: false`). Its number comes from the workspace's
 * own quote counter, incremented in the same transaction: the row lock serialises concurrent
 * creators and a rollback gives the number back, so quote numbers never repeat or skip.
 */
export async function createQuote(db: Db, workspaceId: string, raw: CreateQuoteInput, now: Date, origin: QuoteOrigin = {}): Promise<QuoteWithLines> {
  const input = readQuoteInput(raw);
  if (origin.sourceKey) {
    const existing = await quoteFromSource(db, workspaceId, origin.sourceKey);
    if (existing) return existing;
  }
  return db.$transaction((tx) => insertQuote(tx, workspaceId, input, now, origin));
}

/** The same, inside the caller's transaction (a customer created with it). */
export async function createQuoteIn(tx: Tx, workspaceId: string, raw: CreateQuoteInput, now: Date, origin: QuoteOrigin = {}): Promise<QuoteWithLines> {
  return insertQuote(tx, workspaceId, readQuoteInput(raw), now, origin);
}

async function insertQuote(tx: Tx, workspaceId: string, { invoice: input, extras }: ReturnType<typeof readQuoteInput>, now: Date, origin: QuoteOrigin) {
  const customer = await tx.customer.findFirst({ where: { id: input.customerId, workspaceId }, include: { workspace: true } });
  if (!customer) throw new ValidationError({ customerId: "No such customer in this workspace" });
  const { workspace } = customer;
  // A quote's default validity takes the place of the invoice's payment terms.
  const priced = priceInvoice(input, customer, { ...workspace, paymentTermsDays: workspace.quoteValidityDays }, now);
  const { dueDate: validUntil, ...content } = invoiceContent(input, priced);
  if (extras.send && validUntil < calendarDateIn(now, workspace.timezone)) {
    throw new ValidationError({ validUntil: "Valid until is in the past: the client could not accept it" });
  }
  const number = await takeNumber(tx, workspaceId, "quote");
  const quote = await tx.quote.create({
    data: {
      workspaceId,
      customerId: customer.id,
      number,
      status: extras.send ? "sent" : "draft",
      sentAt: extras.send ? now : null,
      printed: extras.send ? snapshotParties(workspace, customer, input.template ?? null) : undefined,
      ...content,
      validUntil,
      depositBps: extras.depositBps,
      sourceKey: origin.sourceKey ?? null,
      lines: { create: priced.lines },
    },
    include: { lines: { orderBy: { position: "asc" } } },
  });
  const event = { workspaceId, aggregateId: quote.id };
  await emit(tx, { ...event, type: "quote.created", payload: { quoteId: quote.id } }, now);
  if (extras.send) await emit(tx, { ...event, type: "quote.sent", payload: { quoteId: quote.id, emailClient: extras.emailClient } }, now);
  return quote;
}

async function findQuoteOrThrow(tx: Tx, workspaceId: string, quoteId: string): Promise<QuoteWithLines> {
  const quote = await tx.quote.findFirst({ where: { id: quoteId, workspaceId }, include: { lines: { orderBy: { position: "asc" } } } });
  if (!quote) throw new NotFoundError("No such quote in this workspace.");
  return quote;
}

/** Sends a draft quote: its parties are frozen as printed and the client is emailed its link. */
export async function sendQuote(db: Db, workspaceId: string, quoteId: string, now: Date, options: { emailClient?: boolean } = {}): Promise<Quote> {
  return db.$transaction(async (tx) => {
    const quote = await findQuoteOrThrow(tx, workspaceId, quoteId);
    if (quote.status !== "draft") throw new IllegalTransitionError(`Quote ${quote.number} is ${quote.status}: only a draft is sent.`);
    const customer = await tx.customer.findFirstOrThrow({ where: { id: quote.customerId }, include: { workspace: true } });
    if (quote.validUntil < calendarDateIn(now, customer.workspace.timezone)) {
      throw new IllegalTransitionError(`Quote ${quote.number} was valid until a day that has passed: make a new one.`);
    }
    const changed = await tx.quote.updateMany({
      where: { id: quote.id, status: "draft" },
      data: { status: "sent", sentAt: now, printed: snapshotParties(customer.workspace, customer, quote.template) },
    });
    if (changed.count === 0) throw new IllegalTransitionError(`Quote ${quote.number} changed meanwhile: look again.`);
    await emit(tx, { type: "quote.sent", workspaceId, aggregateId: quote.id, payload: { quoteId: quote.id, emailClient: options.emailClient ?? true } }, now);
    return { ...quote, status: "sent" as const, sentAt: now };
  });
}

/** The vendor takes back a draft or sent quote: the client can no longer accept it. */
export async function withdrawQuote(db: Db, workspaceId: string, quoteId: string, now: Date): Promise<Quote> {
  return db.$transaction(async (tx) => {
    const quote = await findQuoteOrThrow(tx, workspaceId, quoteId);
    const changed = await tx.quote.updateMany({ where: { id: quote.id, status: { in: ["draft", "sent"] } }, data: { status: "withdrawn", withdrawnAt: now } });
    if (changed.count === 0) throw new IllegalTransitionError(`Quote ${quote.number} is ${quote.status} and cannot be withdrawn.`);
    await emit(tx, { type: "quote.withdrawn", workspaceId, aggregateId: quote.id, payload: { quoteId: quote.id } }, now);
    return { ...quote, status: "withdrawn" as const, withdrawnAt: now };
  });
}

/** Which quote a client acts on: their own, by the verified link's scope. */
export interface ClientQuoteScope {
  workspaceId: string;
  customerId: string;
  quoteId: string;
}

/** Refuses, in words, what a client cannot do to a quote in its present state. */
function refuseUnlessOpen(quote: Quote, today: Date): void {
  const number = quote.number;
  if (quote.status === "accepted") throw new QuoteRefusedError("accepted", `Quote ${number} was already accepted.`);
  if (quote.status === "declined") throw new QuoteRefusedError("declined", `Quote ${number} was declined.`);
  if (quote.status === "withdrawn") throw new QuoteRefusedError("withdrawn", `Quote ${number} was withdrawn by the vendor.`);
  if (quote.status === "expired" || quote.validUntil < today) throw new QuoteRefusedError("expired", `Quote ${number} has expired.`);
  if (quote.status === "draft") throw new QuoteRefusedError("draft", `Quote ${number} has not been sent.`);
}

async function clientQuote(tx: Tx, scope: ClientQuoteScope) {
  const quote = await tx.quote.findFirst({
    where: { id: scope.quoteId, workspaceId: scope.workspaceId, customerId: scope.customerId, status: { not: "draft" } },
    include: { lines: { orderBy: { position: "asc" } }, customer: { include: { workspace: true } } },
  });
  if (!quote) throw new NotFoundError("No such quote.");
  return quote;
}

export interface Acceptance {
  name: string;
  termsAccepted: boolean;
  /** The client's address, as the server saw it. */
  ip: string | null;
}

/**
 * The client accepts a sent quote. The status in the update's WHERE makes exactly one of two
 * simultaneous acceptances win; the other is refused in words. In the same transaction the
 * workspace's follow-up happens once: an invoice for the whole quote or its deposit, issued
 * (and emailed) or kept as a draft, or nothing.
 */
export async function acceptQuote(
  db: Db,
  scope: ClientQuoteScope,
  acceptance: Acceptance,
  now: Date,
  label: QuotePartLabel,
): Promise<{ quote: Quote; invoice: InvoiceWithLines | null }> {
  const name = acceptance.name.trim();
  if (!acceptanceInput.shape.name.safeParse(name).success) throw new QuoteRefusedError("name", "Type your name to accept the quote.");
  return db.$transaction(async (tx) => {
    const quote = await clientQuote(tx, scope);
    const { workspace } = quote.customer;
    refuseUnlessOpen(quote, calendarDateIn(now, workspace.timezone));
    if (workspace.quoteTerms && !acceptance.termsAccepted) throw new QuoteRefusedError("terms", "Tick the terms to accept the quote.");
    const changed = await tx.quote.updateMany({
      where: { id: quote.id, status: "sent" },
      data: {
        status: "accepted",
        acceptedAt: now,
        acceptedName: name,
        acceptedIp: acceptance.ip?.slice(0, 64) ?? null,
        acceptedTerms: workspace.quoteTerms ?? null,
      },
    });
    if (changed.count === 0) {
      // Another tab or person got there first: say what it is now.
      refuseUnlessOpen(await tx.quote.findFirstOrThrow({ where: { id: quote.id } }), calendarDateIn(now, workspace.timezone));
      throw new QuoteRefusedError("accepted", `Quote ${quote.number} was already accepted.`);
    }
    const followUp = workspace.quoteFollowUp as QuoteFollowUp;
    const invoice =
      followUp === "none"
        ? null
        : await invoiceFromQuote(tx, quote, quote.depositBps > 0 ? "deposit" : "whole", { issue: followUp === "invoice", actor: `client:${name}` }, now, label);
    await emit(
      tx,
      { type: "quote.accepted", workspaceId: quote.workspaceId, aggregateId: quote.id, payload: { quoteId: quote.id, invoiceId: invoice?.id ?? null } },
      now,
    );
    return { quote: { ...quote, status: "accepted" as const, acceptedAt: now, acceptedName: name }, invoice };
  });
}

/** The client declines a sent quote, with a reason if they give one; the vendor hears it. */
export async function declineQuote(db: Db, scope: ClientQuoteScope, reason: string | null, now: Date): Promise<Quote> {
  const why = reason?.trim() || null;
  if (why && why.length > maxDeclineReason) throw new QuoteRefusedError("reason", `Say why in at most ${maxDeclineReason} characters.`);
  return db.$transaction(async (tx) => {
    const quote = await clientQuote(tx, scope);
    refuseUnlessOpen(quote, calendarDateIn(now, quote.customer.workspace.timezone));
    const changed = await tx.quote.updateMany({ where: { id: quote.id, status: "sent" }, data: { status: "declined", declinedAt: now, declineReason: why } });
    if (changed.count === 0) {
      refuseUnlessOpen(await tx.quote.findFirstOrThrow({ where: { id: quote.id } }), calendarDateIn(now, quote.customer.workspace.timezone));
      throw new QuoteRefusedError("declined", `Quote ${quote.number} was already answered.`);
    }
    await emit(tx, { type: "quote.declined", workspaceId: quote.workspaceId, aggregateId: quote.id, payload: { quoteId: quote.id, reason: why } }, now);
    return { ...quote, status: "declined" as const, declinedAt: now, declineReason: why };
  });
}

type QuotePart = "whole" | "deposit" | "rest";

/**
 * The invoice lines for a part of a quote. The whole quote: its own lines. A deposit: one line
 * per tax rate, that share of what the rate's lines come to after discounts. The rest: per
 * rate, what the deposit left, so deposit and rest add up to the quote's net amounts exactly.
 */
export function quotePartLines(quote: QuoteWithLines, part: QuotePart, describe: (part: "deposit" | "rest") => string) {
  if (part === "whole") {
    return {
      discountBps: quote.discountBps,
      lines: quote.lines.map(lineInput),
    };
  }
  const rates = computeTotals(quote.lines, quote.discountBps).rates.filter((rate) => rate.taxable > 0);
  const deposit = (taxable: number) => roundHalfUp((taxable * quote.depositBps) / 10_000);
  const names = quote.lines.map((line) => line.productName).join(", ");
  return {
    discountBps: 0,
    lines: rates.map((rate) => ({
      productName: describe(part),
      description: names.slice(0, 2000),
      quantity: 1,
      unitAmount: part === "deposit" ? deposit(rate.taxable) : rate.taxable - deposit(rate.taxable),
      taxRateBps: rate.rateBps,
      discountBps: 0,
    })),
  };
}

async function invoiceFromQuote(
  tx: Tx,
  quote: QuoteWithLines & { customer: { locale: string | null; workspace: { locale: string } } },
  part: QuotePart,
  options: { issue: boolean; actor?: Actor },
  now: Date,
  label: QuotePartLabel,
): Promise<InvoiceWithLines> {
  const locale = quote.customer.locale ?? quote.customer.workspace.locale;
  const percentBps = part === "rest" ? 10_000 - quote.depositBps : quote.depositBps;
  const { lines, discountBps } = quotePartLines(quote, part, (which) => label(which, { quoteNumber: quote.number, percentBps, locale }));
  const invoice = await createInvoiceIn(
    tx,
    quote.workspaceId,
    {
      customerId: quote.customerId,
      currency: quote.currency,
      taxRateBps: quote.taxRateBps,
      discountBps,
      notes: quote.notes,
      poNumber: quote.poNumber ?? quote.number,
      footer: quote.footer,
      template: (quote.template as "classic" | "modern" | "compact" | null) ?? undefined,
      supplyDate: quote.supplyDate ?? undefined,
      lines,
      issue: options.issue,
      emailClient: true,
    },
    now,
    { actor: options.actor },
  );
  // The quote part's unique key makes each part of a quote invoiced once, whoever asks twice.
  await tx.invoice.update({ where: { id: invoice.id }, data: { quoteId: quote.id, quotePart: part } });
  return { ...invoice, quoteId: quote.id, quotePart: part };
}

/**
 * "Invoice the rest": after a deposit invoice, the rest of an accepted quote, issued and
 * emailed. Refused when the quote is not accepted, had no deposit, or its rest was invoiced.
 */
export async function invoiceQuoteRest(db: Db, workspaceId: string, quoteId: string, now: Date, label: QuotePartLabel, actor?: Actor) {
  return db.$transaction(async (tx) => {
    const quote = await tx.quote.findFirst({
      where: { id: quoteId, workspaceId },
      include: { lines: { orderBy: { position: "asc" } }, customer: { include: { workspace: true } }, invoices: true },
    });
    if (!quote) throw new NotFoundError("No such quote in this workspace.");
    if (quote.status !== "accepted") throw new IllegalTransitionError(`Quote ${quote.number} is ${quote.status}: only an accepted quote is invoiced.`);
    if (quote.depositBps === 0) throw new IllegalTransitionError(`Quote ${quote.number} had no deposit: there is no rest to invoice.`);
    const rest = quote.invoices.find((invoice) => invoice.quotePart === "rest");
    if (rest) throw new IllegalTransitionError(`The rest of quote ${quote.number} is already on invoice ${rest.number}.`);
    // Serialise with a second click: the quote row is locked until this commits.
    await tx.quote.update({ where: { id: quote.id }, data: { updatedAt: now } });
    return invoiceFromQuote(tx, quote, "rest", { issue: true, actor }, now, label);
  });
}

/**
 * The quote job: marks sent quotes past their last valid day expired (each emits
 * `quote.expired` once, whichever instance gets there first), and raises `quote.expiring` once
 * per quote in its last `expiryWarningDays` days. Returns how many of each.
 */
export async function detectQuoteExpiry(db: Db, now: Date): Promise<{ expired: number; expiring: number }> {
  // Every timezone's "today" is within a day of UTC's.
  const utcToday = calendarDateIn(now, "UTC");
  const candidates = await db.quote.findMany({
    where: { status: "sent", validUntil: { lte: addDays(utcToday, expiryWarningDays + 1) } },
    select: { id: true, workspaceId: true, validUntil: true, expiryWarnedAt: true, workspace: { select: { timezone: true } } },
  });
  let expired = 0;
  let expiring = 0;
  for (const quote of candidates) {
    const today = calendarDateIn(now, quote.workspace.timezone);
    const event = { workspaceId: quote.workspaceId, aggregateId: quote.id };
    if (quote.validUntil < today) {
      const done = await db.$transaction(async (tx) => {
        const { count } = await tx.quote.updateMany({ where: { id: quote.id, status: "sent" }, data: { status: "expired", expiredAt: now } });
        if (count) await emit(tx, { ...event, type: "quote.expired", payload: { quoteId: quote.id } }, now);
        return count > 0;
      });
      if (done) expired++;
    } else if (!quote.expiryWarnedAt && quote.validUntil <= addDays(today, expiryWarningDays)) {
      const done = await db.$transaction(async (tx) => {
        const { count } = await tx.quote.updateMany({ where: { id: quote.id, status: "sent", expiryWarnedAt: null }, data: { expiryWarnedAt: now } });
        if (count)
          await emit(tx, { ...event, type: "quote.expiring", payload: { quoteId: quote.id, validUntil: quote.validUntil.toISOString().slice(0, 10) } }, now);
        return count > 0;
      });
      if (done) expiring++;
    }
  }
  return { expired, expiring };
}

export async function getQuote(db: Db, workspaceId: string, quoteId: string) {
  const quote = await db.quote.findFirst({
    where: { id: quoteId, workspaceId },
    include: {
      lines: { orderBy: { position: "asc" } },
      customer: true,
      invoices: { orderBy: { createdAt: "asc" }, select: { id: true, number: true, status: true, total: true, quotePart: true } },
    },
  });
  if (!quote) throw new NotFoundError("No such quote in this workspace.");
  return quote;
}

export async function quoteByNumber(db: Db, workspaceId: string, number: string) {
  const quote = await db.quote.findFirst({ where: { workspaceId, number: { equals: number.trim(), mode: "insensitive" } }, select: { id: true } });
  if (!quote) throw new NotFoundError(`No quote ${number.trim()} in this workspace.`);
  return getQuote(db, workspaceId, quote.id);
}

export async function listQuotes(db: Db, workspaceId: string, filter: { status?: QuoteStatus; customerId?: string } = {}, take = 100) {
  return db.quote.findMany({
    where: { workspaceId, ...filter },
    include: { customer: { select: { name: true } } },
    orderBy: [{ issueDate: "desc" }, { number: "desc" }],
    take,
  });
}

const quoteSettingsInput = workspaceSettingsInput.pick({ quotePrefix: true, quoteValidityDays: true, quoteTerms: true, quoteFollowUp: true });

/** Changes only a workspace's quote settings (number prefix, default validity, terms, follow-up on acceptance). */
export async function updateQuoteSettings(db: Db, workspaceId: string, input: z.input<typeof quoteSettingsInput>) {
  const data = parseInput(quoteSettingsInput, input);
  const { count } = await db.workspace.updateMany({ where: { id: workspaceId }, data });
  if (count === 0) throw new NotFoundError(`No workspace with id ${workspaceId}.`);
  return db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
}

/** A quote's status as outside mirrors show it (Notion's Status column, beside the invoices' labels). */
export const quoteStatusLabels = ["Draft", "Sent", "Accepted", "Declined", "Expired", "Withdrawn"] as const;
export type QuoteStatusLabel = (typeof quoteStatusLabels)[number];

/** "accepted" → "Accepted": a label is its status, capitalised. */
const quoteLabel = (status: QuoteStatus) => (status.charAt(0).toUpperCase() + status.slice(1)) as QuoteStatusLabel;

/** A quote's current state as outside mirrors show it. */
export interface QuoteSummary extends DocumentSummary {
  /** Read as a person would today: a sent quote past its last valid day is expired. */
  status: QuoteStatusLabel;
  /** Calendar dates (UTC midnight); the issue date is null while the quote is a draft. */
  issueDate: Date | null;
  validUntil: Date;
  /** The client's answer in words: who accepted and when, or why they declined ("" before an answer). */
  answer: string;
}

export async function summarizeQuote(db: Db, quoteId: string, now: Date): Promise<QuoteSummary> {
  const quote = await db.quote.findUnique({
    where: { id: quoteId },
    include: { customer: { select: { name: true, email: true } }, workspace: { select: { timezone: true } } },
  });
  if (!quote) throw new NotFoundError(`No quote with id ${quoteId}.`);
  const status = quoteStatus(quote, now, quote.workspace.timezone);
  const answer =
    status === "accepted"
      ? `Accepted by ${quote.acceptedName ?? quote.customer.name}`
      : status === "declined"
        ? `Declined${quote.declineReason ? `: ${quote.declineReason}` : " without a reason"}`
        : "";
  return {
    id: quote.id,
    workspaceId: quote.workspaceId,
    customerId: quote.customerId,
    number: quote.number,
    customerName: quote.customer.name,
    customerEmail: quote.customer.email,
    currency: quote.currency,
    total: quote.total,
    status: quoteLabel(status),
    issueDate: quote.status === "draft" ? null : quote.issueDate,
    validUntil: quote.validUntil,
    answer,
  };
}
