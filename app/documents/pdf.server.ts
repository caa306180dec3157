// Invoice and receipt PDFs. Output depends only on the input: same document, same bytes.
import { invoiceTemplates } from "#app/billing/invoice-input.ts";
import type { TemplateName } from "./types.ts";

export { renderInvoicePdf } from "./invoice.server.ts";
export { renderReceiptPdf } from "./receipt.server.ts";
export { renderCreditNotePdf } from "./credit-note.server.ts";
export { renderStatementPdf } from "./statement.server.ts";

export type {
  CreditNoteDocument,
  DocumentCustomer,
  DocumentVendor,
  InvoiceDocument,
  InvoiceLine,
  ReceiptDocument,
  StatementDocument,
  TemplateName,
} from "./types.ts";

export const templateNames: readonly TemplateName[] = invoiceTemplates;

/** ASCII letters, digits, "_" and "-" only, so the name is safe unquoted in Content-Disposition. */
function fileNamePart(text: string, fallback: string): string {
  const safe = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // "É" decomposes to "E" + accent; keep the "E"
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return safe || fallback;
}

/** "INV-0042" → "INV-0042.pdf". */
export function invoicePdfFileName(number: string): string {
  return `${fileNamePart(number, "invoice")}.pdf`;
}

/** "Q-0007" → "Quote-Q-0007.pdf". */
export function quotePdfFileName(number: string): string {
  return `Quote-${fileNamePart(number, "quote")}.pdf`;
}

/** ("INV-0042", 1) → "Receipt-INV-0042-1.pdf". */
export function receiptPdfFileName(invoiceNumber: string, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`Receipt sequence must be a positive integer, got ${sequence}`);
  }
  return `Receipt-${fileNamePart(invoiceNumber, "invoice")}-${sequence}.pdf`;
}

/** "CN-0007" → "CN-0007.pdf". */
export function creditNotePdfFileName(number: string): string {
  return `${fileNamePart(number, "credit-note")}.pdf`;
}

/** ("EUR", 2026-01-01, 2026-12-31) → "Statement-EUR-2026-01-01-2026-12-31.pdf". */
export function statementPdfFileName(currency: string, from: Date, to: Date): string {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return `Statement-${fileNamePart(currency, "XXX")}-${day(from)}-${day(to)}.pdf`;
}
