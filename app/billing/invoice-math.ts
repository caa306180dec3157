import type { InvoiceStatus } from "./invoice-status.ts";
import { roundHalfUp } from "./money.ts";

/**
 * The one place where invoice amounts are computed. All amounts are integer minor units; rates
 * and discounts are basis points (2000 = 20%). Rounding (docs/languages.md, "Rounding"): every
 * step rounds half up to a whole minor unit, in this order —
 *   1. a line's amount: quantity × unit price, less the line's discount;
 *   2. per tax rate: the lines' amounts, less the invoice's discount on them;
 *   3. per tax rate: the tax on what is left.
 * The invoice's totals are sums of these rounded parts, so the summary per rate always adds up.
 */

export interface LineInput {
  quantityThousandths: number;
  unitAmount: number;
  /** Tax rate of this line; 0 when absent. */
  taxRateBps?: number;
  /** Discount on this line; none when absent. */
  discountBps?: number;
}

/** One tax rate's part of an invoice (VAT Directive art. 226(8)–(10)). */
export interface RateSummary {
  rateBps: number;
  /** The lines' amounts at this rate. */
  net: number;
  /** The invoice's discount taken from them. */
  discount: number;
  /** What the tax is charged on: net less discount. */
  taxable: number;
  tax: number;
}

export interface Totals {
  /** The lines' amounts (after their own discounts). */
  subtotal: number;
  /** The invoice's discount. */
  discountAmount: number;
  taxAmount: number;
  total: number;
  /** One entry per tax rate the lines use, lowest rate first. */
  rates: RateSummary[];
}

const percentOf = (amount: number, bps: number) => roundHalfUp((amount * bps) / 10_000);

/** Quantity × unit price, before any discount. */
export function lineGross(line: LineInput): number {
  return roundHalfUp((line.quantityThousandths * line.unitAmount) / 1000);
}

/** What a line contributes: its gross less its own discount. */
export function lineAmount(line: LineInput): number {
  const gross = lineGross(line);
  return gross - percentOf(gross, line.discountBps ?? 0);
}

export function computeTotals(lines: readonly LineInput[], invoiceDiscountBps = 0): Totals {
  const byRate = new Map<number, number>();
  for (const line of lines) {
    const rate = line.taxRateBps ?? 0;
    byRate.set(rate, (byRate.get(rate) ?? 0) + lineAmount(line));
  }
  const rates = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBps, net]) => {
      const discount = percentOf(net, invoiceDiscountBps);
      const taxable = net - discount;
      return { rateBps, net, discount, taxable, tax: percentOf(taxable, rateBps) };
    });
  const sum = (pick: (rate: RateSummary) => number) => rates.reduce((total, rate) => total + pick(rate), 0);
  const subtotal = sum((rate) => rate.net);
  const discountAmount = sum((rate) => rate.discount);
  const taxAmount = sum((rate) => rate.tax);
  return { subtotal, discountAmount, taxAmount, total: subtotal - discountAmount + taxAmount, rates };
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
