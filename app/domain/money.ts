// Money is an integer count of minor units of an ISO 4217 currency.
// This module is pure (no server imports) so the browser can format money too.
import { numberFormat } from "./intl-cache.ts";

const digitsCache = new Map<string, number>();

/** The ISO 4217 codes this runtime knows, upper-case. */
const knownCurrencies = new Set(Intl.supportedValuesOf("currency"));

export function isKnownCurrency(code: string): boolean {
  return knownCurrencies.has(code.toUpperCase());
}

/** Number of minor-unit digits: 0 for JPY, 2 for USD, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    digits =
      numberFormat("en", { style: "currency", currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    digitsCache.set(code, digits);
  }
  return digits;
}

/** Formats minor units in a locale, e.g. formatMoney(123456, "EUR", "de-DE") → "1.234,56 €". */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  const digits = minorUnitDigits(currency);
  return numberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}

/** Parses a major-unit amount typed by a person ("1200", "1,200.50") into minor units. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const cleaned = text.replace(/[\s,_]/g, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = minorUnitDigits(currency);
  const [whole, fraction = ""] = cleaned.split(".");
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

/** Rounds half away from zero: a line of 3 × 0.335 is 1.005 → 1.01, not banker's 1.00. */
export function roundHalfUp(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}
