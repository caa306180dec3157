import type { InvoiceStatus } from "./invoice-status.ts";
import { roundHalfUp } from "./money.ts";

/** The one place where invoice amounts are computed. All amounts are integer minor units. */

export interface LineInput {
  quantityThousandths: number;
  unitAmount: number;
}

export interface Totals {
  subtotal: number;
  taxAmount: number;
  total: number;
}

export function lineAmount(line: LineInput): number {
  return roundHalfUp((line.quantityThousandths * line.unitAmount) / 1000);
}

/** Tax is charged on the subtotal, at a rate in basis points (2000 = 20%), rounded half up. */
export function computeTotals(lines: LineInput[], taxRateBps: number): Totals {
  const subtotal = lines.reduce((sum, line) => sum + lineAmount(line), 0);
  const taxAmount = roundHalfUp((subtotal * taxRateBps) / 10_000);
  return { subtotal, taxAmount, total: subtotal + taxAmount };
}

/**
 * What the client still owes. A paid or void invoice is closed: nothing is due on it, even
 * when a refund brought its amount paid below the total (docs/decisions/011).
 */
export function balanceDue(invoice: { total: number; amountPaid: number; status?: InvoiceStatus }): number {
  if (invoice.status === "paid" || invoice.status === "void") return 0;
  return Math.max(0, invoice.total - invoice.amountPaid);
}

/**
 * Money received beyond what the invoice asked for: anything on a void invoice, anything above
 * the total otherwise. Refunds lower the amount paid, so a refunded overpayment is gone from here.
 */
export function overpaidAmount(invoice: { total: number; amountPaid: number; status?: InvoiceStatus }): number {
  if (invoice.status === "void") return Math.max(0, invoice.amountPaid);
  return Math.max(0, invoice.amountPaid - invoice.total);
}

export function thousandthsFromQuantity(quantity: number): number {
  return Math.round(quantity * 1000);
}
