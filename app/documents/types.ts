// Plain data handed to the PDF renderer. Amounts are integer minor units of `currency`.

export type TemplateName = "classic" | "modern" | "compact";

export interface DocumentVendor {
  name: string;
  /** "#rrggbb"; anything else falls back to a neutral slate. */
  brandColor: string;
  logoPng: Uint8Array | null;
}

export interface DocumentCustomer {
  name: string;
  email: string | null;
  address: string | null;
}

export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

export interface InvoiceLine {
  productName: string;
  description: string | null;
  quantity: number;
  unitAmount: number;
  amount: number;
}

export interface InvoiceDocument {
  template: TemplateName;
  locale: string;
  timezone: string;
  vendor: DocumentVendor;
  customer: DocumentCustomer;
  number: string;
  status: InvoiceStatus;
  currency: string;
  /** Calendar date stored as UTC midnight. */
  issueDate: Date;
  /** Calendar date stored as UTC midnight. */
  dueDate: Date;
  /** An instant, shown in `timezone`. */
  paidAt: Date | null;
  lines: InvoiceLine[];
  subtotal: number;
  /** Basis points: 2000 = 20%. */
  taxRateBps: number;
  taxAmount: number;
  total: number;
  amountPaid: number;
  balanceDue: number;
  notes: string | null;
}

export interface ReceiptDocument {
  locale: string;
  timezone: string;
  vendor: DocumentVendor;
  customer: DocumentCustomer;
  receiptNumber: string;
  invoiceNumber: string;
  currency: string;
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
