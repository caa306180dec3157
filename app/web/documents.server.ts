import { lineInput } from "#app/billing/invoice-input.ts";
import { createHash } from "node:crypto";
import type { Db } from "#app/platform/db/database.server.ts";
import { storedPdf } from "#app/documents/stored.server.ts";
import type { CreditNote, Payment } from "#app/generated/prisma/client.ts";
import { printedInvoice, type PortalInvoice } from "#app/portal/read-models.server.ts";
import type {
  CreditNoteDocument,
  DocumentCustomer,
  DocumentVendor,
  InvoiceDocument,
  ReceiptDocument,
  StatementDocument,
  TemplateName,
} from "#app/documents/pdf.server.ts";
import type { getPortalParties } from "#app/portal/read-models.server.ts";
import type { customerStatement } from "#app/billing/statement.server.ts";
import { readPrintedParties } from "#app/billing/printed-parties.ts";
import { templateNames } from "#app/documents/pdf.server.ts";
import { chooseLocale, type LocaleChoice } from "#app/i18n/languages.ts";
import { portalLocale } from "#app/web/language.server.ts";

/** The input of any PDF Remit prints. */
type PrintedDocument = InvoiceDocument | ReceiptDocument | StatementDocument | CreditNoteDocument;

/** The vendor and client as they are today, as a document prints them. */
function currentParties(vendor: DocumentVendor, customer: DocumentCustomer): { vendor: DocumentVendor; customer: DocumentCustomer } {
  return {
    vendor: { name: vendor.name, brandColor: vendor.brandColor, logoPng: vendor.logoPng, details: vendor.details, offline: vendor.offline },
    customer: { name: customer.name, email: customer.email, address: customer.address, taxId: customer.taxId },
  };
}

/**
 * Vendor, client and template as a document (an invoice, a quote) prints them: frozen when it
 * was issued or sent, when it has that snapshot (`printed`), else (from before snapshots
 * existed) as they are now; a template Remit does not know prints as the classic one.
 */
export function printedParties(
  printed: unknown,
  now: { vendor: DocumentVendor; customer: DocumentCustomer; template: string },
): { vendor: DocumentVendor; customer: DocumentCustomer; template: TemplateName } {
  const frozen = readPrintedParties(printed);
  const parties = frozen
    ? (({ template, logoPng, ...rest }) => ({
        vendor: { ...rest, logoPng: logoPng ? new Uint8Array(Buffer.from(logoPng, "base64")) : null },
        customer: frozen.customer,
        template,
      }))(frozen.vendor)
    : { ...currentParties(now.vendor, now.customer), template: now.template };
  const template = (templateNames as readonly string[]).includes(parties.template) ? (parties.template as TemplateName) : "classic";
  return { vendor: parties.vendor, customer: parties.customer, template };
}

/** What every PDF of an invoice starts with: its language and the parties (and template) as the invoice printed them. */
function invoiceHeader(view: PortalInvoice, words: LocaleChoice) {
  const { vendor, customer, template } = printedParties(view.invoice.printed, {
    vendor: view.vendor,
    customer: view.customer,
    template: view.invoice.template,
  });
  return { template, header: { language: words.language, locale: words.locale, timezone: view.vendor.timezone, vendor, customer } };
}

/** The client's language and formatting when no portal page chose one (emails' attachments). */
export function clientLocale(view: PortalInvoice): LocaleChoice {
  return chooseLocale({ customer: view.customer.locale, workspace: view.vendor.locale });
}

/** The PDF renderer's input for an invoice the client may see. */
export function invoiceDocument(view: PortalInvoice, words: LocaleChoice): InvoiceDocument {
  const { invoice } = view;
  const { template, header } = invoiceHeader(view, words);
  return {
    template,
    ...header,
    ...printedInvoice(invoice),
    lines: invoice.lines.map((line) => ({ ...lineInput(line), amount: line.amount })),
    instalments: invoice.instalments.map(({ position, amount, dueDate, paid }) => ({ position, amount, dueDate, paid })),
  };
}

export function receiptDocument(view: PortalInvoice, payment: Payment, words: LocaleChoice): ReceiptDocument {
  const { invoice } = view;
  const paidBefore = invoice.payments.filter((p) => p.sequence <= payment.sequence).reduce((sum, p) => sum + p.amount - p.amountRefunded, 0);
  return {
    ...invoiceHeader(view, words).header,
    receiptNumber: payment.receiptNumber ?? `${invoice.number}-${payment.sequence}`,
    invoiceNumber: invoice.number,
    currency: payment.currency,
    amount: payment.amount,
    amountRefunded: payment.amountRefunded,
    overpaid: payment.overpaid,
    method: payment.method,
    paidAt: payment.paidAt ?? payment.createdAt,
    invoiceTotal: invoice.total,
    balanceDueAfter: Math.max(0, invoice.total - paidBefore),
  };
}

/** The credit note PDF's input: the parties as the cancelled invoice printed them, the note's own figures. */
export function creditNoteDocument(view: PortalInvoice, note: CreditNote, replacedBy: string | null, words: LocaleChoice): CreditNoteDocument {
  const { invoice } = view;
  return {
    ...invoiceHeader(view, words).header,
    number: note.number,
    issuedAt: note.issuedAt,
    invoiceNumber: invoice.number,
    invoiceDate: invoice.issueDate,
    replacedBy,
    reason: note.reason,
    currency: note.currency,
    net: note.subtotal,
    taxAmount: note.taxAmount,
    total: note.total,
  };
}

/** The statement PDF's input: the vendor and client as they are today, the period's figures. */
export function statementDocument(
  parties: Awaited<ReturnType<typeof getPortalParties>>,
  statement: Awaited<ReturnType<typeof customerStatement>>,
  words: LocaleChoice,
): StatementDocument {
  const { vendor, customer } = parties;
  return {
    language: words.language,
    locale: words.locale,
    timezone: vendor.timezone,
    ...currentParties(vendor, customer),
    currency: statement.currency,
    from: statement.from,
    to: statement.to,
    opening: statement.opening,
    entries: statement.entries,
    invoiced: statement.invoiced,
    paid: statement.paid,
    credited: statement.credited,
    closing: statement.closing,
  };
}

/**
 * A strong ETag from the document's input: the renderer is deterministic, so the same input
 * (and the same Remit version) means the same bytes, and a 304 needs no rendering at all.
 */
function documentEtag(document: PrintedDocument, version: string): string {
  const hash = createHash("sha256").update(version);
  hash.update(JSON.stringify(document, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value)));
  return `"${hash.digest("base64url").slice(0, 32)}"`;
}

/** A client keeps a portal document but asks each time whether it is still the one (it holds money figures). */
export const documentCacheControl = "private, no-cache";

/** Whether an `If-None-Match` header names `etag` (or any version, `*`). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  const known = ifNoneMatch?.split(",").map((tag) => tag.trim()) ?? [];
  return known.includes(etag) || known.includes("*");
}

/** Answers a PDF download: 304 when the client has this version, else the file, rendered once per state (decision 116). */
async function pdfResponse(db: Db, request: Request, etag: string, fileName: string, render: () => Promise<Uint8Array>): Promise<Response> {
  const headers = { ETag: etag, "Cache-Control": documentCacheControl };
  if (etagMatches(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  const bytes = await storedPdf(db, etag, render);
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      ...headers,
      "Content-Type": "application/pdf",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${fileName}"`,
    },
  });
}

/** One of the PDFs a client downloads from the portal: its input in their language, its file name, its renderer. */
interface PortalPdf<Doc extends PrintedDocument> {
  document: (words: LocaleChoice) => Doc;
  fileName: string;
  render: (document: Doc) => Promise<Uint8Array>;
}

/** Answers a portal PDF download in the client's language, its ETag from the document's input (`documentEtag`). */
export async function portalPdf<Doc extends PrintedDocument>(
  app: { db: Db; version: string },
  request: Request,
  parties: Parameters<typeof portalLocale>[1],
  pdf: PortalPdf<Doc>,
): Promise<Response> {
  const document = pdf.document(await portalLocale(request, parties));
  return pdfResponse(app.db, request, documentEtag(document, app.version), pdf.fileName, () => pdf.render(document));
}
