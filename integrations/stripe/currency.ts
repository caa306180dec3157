import { formatMoney, minorUnitDigits } from "#app/billing/money.ts";

/**
 * Stripe's own currency rules (docs.stripe.com/currencies), which are not always ISO 4217's:
 * - zero-decimal currencies take the amount as is (500 JPY is 500);
 * - ISK and UGX "transitioned to a zero-decimal currency, but backwards compatibility requires
 *   you to represent it as a two-decimal value, where the decimal amount is always 00": 5 ISK is 500;
 * - three-decimal currencies (BHD, JOD, KWD, OMR, TND) need the last digit to be 0;
 * - everything else is two-decimal (HUF and TWD too: their zero-decimal rule is for payouts only);
 * - a charge must reach the minimum Stripe lists for its currency.
 * Remit keeps amounts in the currency's own minor units; this module converts at the boundary.
 */
const zeroDecimal = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF"]);
const wholeUnitsAsTwoDecimals = new Set(["ISK", "UGX"]);
const threeDecimal = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

/** Minimum charge amounts Stripe documents, in Stripe's units of each currency. */
const minimums: Record<string, number> = {
  USD: 50,
  AED: 200,
  ARS: 50,
  AUD: 50,
  BRL: 50,
  CAD: 50,
  CHF: 50,
  COP: 50,
  CZK: 1500,
  DKK: 250,
  EUR: 50,
  GBP: 30,
  HKD: 400,
  HUF: 17_500,
  IDR: 50,
  ILS: 50,
  INR: 50,
  JPY: 50,
  KRW: 50,
  MXN: 1000,
  MYR: 200,
  NOK: 300,
  NZD: 50,
  PHP: 50,
  PLN: 200,
  RON: 200,
  RUB: 50,
  SEK: 300,
  SGD: 50,
  THB: 1000,
  ZAR: 50,
};

/** The largest amount the API takes (12 digits, card payments). */
const maximum = 999_999_999_999;

export interface StripeUnits {
  /** Decimals of Stripe's `amount` for this currency. */
  digits: number;
  /** Stripe's amounts are multiples of this. */
  step: number;
}

export function stripeUnits(currency: string): StripeUnits {
  const code = currency.toUpperCase();
  if (zeroDecimal.has(code)) return { digits: 0, step: 1 };
  if (wholeUnitsAsTwoDecimals.has(code)) return { digits: 2, step: 100 };
  if (threeDecimal.has(code)) return { digits: 3, step: 10 };
  return { digits: 2, step: 1 };
}

export type StripeAmount = { ok: true; amount: number } | { ok: false; reason: string };

/**
 * Remit's minor units → Stripe's `amount`, or why Stripe cannot charge it, in words for the
 * client. A `line` of a page that pays several invoices follows the currency's steps, but the
 * minimum charge is the whole page's.
 */
export function toStripeAmount(amount: number, currency: string, locale = "en-US", options: { line?: boolean } = {}): StripeAmount {
  const code = currency.toUpperCase();
  const units = stripeUnits(code);
  const shift = units.digits - minorUnitDigits(code);
  const money = (value: number) => formatMoney(value, code, locale);
  const fromStripe = (value: number) => Math.round(value / 10 ** shift);
  if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, reason: "The amount to pay must be more than zero." };
  const converted = shift >= 0 ? amount * 10 ** shift : amount / 10 ** -shift;
  if (!Number.isInteger(converted) || converted % units.step !== 0) {
    return { ok: false, reason: `Card payments in ${code} go in steps of ${money(fromStripe(units.step))}, so ${money(amount)} cannot be charged exactly.` };
  }
  const minimum = minimums[code];
  if (!options.line && minimum !== undefined && converted < minimum)
    return { ok: false, reason: `Card payments in ${code} start at ${money(fromStripe(minimum))}.` };
  if (converted > maximum) return { ok: false, reason: `${money(amount)} is more than a card payment can be.` };
  return { ok: true, amount: converted };
}

/**
 * Stripe's `amount` → Remit's minor units. Anything Stripe reports below Remit's smallest unit
 * is dropped, never rounded up: Remit never books more as paid than Stripe reports.
 */
export function fromStripeAmount(amount: number, currency: string): number {
  const code = currency.toUpperCase();
  const shift = minorUnitDigits(code) - stripeUnits(code).digits;
  return shift >= 0 ? amount * 10 ** shift : Math.floor(amount / 10 ** -shift);
}
