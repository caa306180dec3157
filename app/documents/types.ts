// Plain data handed to the PDF renderer. Amounts are integer minor units of `currency`.
import type { RateSummary } from "#app/billing/invoice-math.ts";
import type { invoiceTemplates } from "#app/billing/invoice-input.ts";
import type { InvoiceStatus } from "#app/billing/invoice-status.ts";
import type { QuoteStatus } from "#app/generated/prisma/client.ts";
import type { StatementFigures } from "#app/billing/statement.server.ts";
import type { OfflinePayment, VendorDetails } from "#app/billing/workspaces.server.ts";
import type { Language } from "#app/i18n/languages.ts";

export type TemplateName = (typeof invoiceTemplates)[number];

export interface DocumentVendor {
  name: string;
  /** What the invoice prints about who it is from. */
  details: VendorDetails;
  /** Bank details to pay by transfer, printed on invoices with a balance; null when none are set. */
  offline: OfflinePayment | null;
  /** "#rrggbb"; anything else falls back to a neutral slate. */
  brandColor: string;
  logoPng: Uint8Array | null;
}

export interface DocumentCustomer {
  name: string;
  email: string | null;
  address: string | null;
  taxId: string | null;
}

export interface InvoiceLine {
  productName: string;
  description: string | null;
  quantity: number;
  unitAmount: number;
  /** Basis points. */
  taxRateBps: number;
  discountBps: number;
  /** After the line's discount. */
  amount: number;
}

export interface InstalmentRow {
  position: number;
  amount: number;
  /** Calendar date stored as UTC midnight. */
  dueDate: Date;
  /** What payments cover of this part: the part is paid when it is its whole amount. */
  paid: number;
}

/** Whom a document is from and for, and how it speaks to them: every document's head. */
export interface PrintedFor {
  /** The catalogue the document's words come from. */
  language: Language;
  /** How its dates and numbers are written. */
  locale: string;
  timezone: string;
  vendor: DocumentVendor;
  customer: DocumentCustomer;
  currency: string;
}

export interface InvoiceDocument extends PrintedFor {
  template: TemplateName;
  number: string;
  status: InvoiceStatus;
  /** Calendar date stored as UTC midnight. */
  issueDate: Date;
  /** Calendar date stored as UTC midnight. */
  dueDate: Date;
  /** An instant, shown in `timezone`. */
  paidAt: Date | null;
  /** Calendar date of supply, when not the issue date. */
  supplyDate: Date | null;
  lines: InvoiceLine[];
  subtotal: number;
  /** The invoice's discount, basis points and amount. */
  discountBps: number;
  discountAmount: number;
  /** One row per tax rate (computeTotals in app/domain/invoice-math.ts). */
  taxRates: RateSummary[];
  taxAmount: number;
  total: number;
  amountPaid: number;
  balanceDue: number;
  notes: string | null;
  /** The client's purchase order number or reference. */
  poNumber: string | null;
  footer: string | null;
  /**
   * The payment schedule of an invoice split into instalments (docs/decisions/131), in order,
   * with what the client's payments cover of each part; empty when it is not split.
   */
  instalments: InstalmentRow[];
  /**
   * Set when the document is a quote (app/documents/quote.server.ts): the same layout, a quote's
   * words ("Valid until" for the due date), no payment rows; `status` then reads "open".
   */
  quote?: { status: QuoteStatus } | null;
}

export interface ReceiptDocument extends PrintedFor {
  receiptNumber: string;
  invoiceNumber: string;
  amount: number;
  amountRefunded: number;
  /** The part of this payment beyond what the invoice asked for (to be refunded or kept as credit). */
  overpaid: number;
  method: string;
  /** An instant, shown in `timezone`. */
  paidAt: Date;
  invoiceTotal: number;
  balanceDueAfter: number;
}

/** A client's statement of account in one currency for a period (app/billing/statement.server.ts). */
export interface StatementDocument extends PrintedFor, StatementFigures {
  /** Calendar dates stored as UTC midnight; both days included. */
  from: Date;
  to: Date;
}

/** The credit note that cancels an issued invoice in full (docs/decisions/152). */
export interface CreditNoteDocument extends PrintedFor {
  number: string;
  /** An instant, shown in `timezone`. */
  issuedAt: Date;
  invoiceNumber: string;
  /** Calendar date stored as UTC midnight. */
  invoiceDate: Date;
  /** The invoice that replaces the cancelled one, if it was corrected. */
  replacedBy: string | null;
  reason: string | null;
  /** Net of discounts, before tax. */
  net: number;
  taxAmount: number;
  total: number;
}
