// Money is an integer count of minor units of an ISO 4217 currency.
// This module is pure (no server imports) so the browser can format and read money too:
// the portal's Pay button shows what will be charged with the same rules the server applies.
import { numberFormat } from "#app/platform/intl-cache.ts";

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
    digits = numberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(code, digits);
  }
  return digits;
}

function fixedDigits(currency: string) {
  const digits = minorUnitDigits(currency);
  return { minimumFractionDigits: digits, maximumFractionDigits: digits };
}

/** Formats minor units in a locale, e.g. formatMoney(123456, "EUR", "de-DE") → "1.234,56 €". */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  return moneyFormatter(currency, locale)(amount);
}

/**
 * `formatMoney` for one currency and locale, its formatter looked up once: for callers that
 * format many amounts alike (a document's lines and totals).
 */
export function moneyFormatter(currency: string, locale = "en-US"): (amount: number) => string {
  const code = currency.toUpperCase();
  const format = numberFormat(locale, { style: "currency", currency: code, ...fixedDigits(code) });
  const unit = 10 ** minorUnitDigits(code);
  return (amount) => format.format(amount / unit);
}

/** Minor units as a person would type them in their locale, without the currency: 227310 EUR in de-DE → "2.273,10". */
export function formatAmountInput(amount: number, currency: string, locale = "en-US"): string {
  return numberFormat(locale, fixedDigits(currency)).format(amount / 10 ** minorUnitDigits(currency));
}

/** Rounds half away from zero: a line of 3 × 0.335 is 1.005 → 1.01, not banker's 1.00. */
export function roundHalfUp(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

export type ParsedAmount = { ok: true; amount: number } | { ok: false; error: string };

interface LocaleNumbers {
  decimal: string;
  group: string;
  /** The locale's own digits (Arabic-Indic in ar-KW), in order 0–9. */
  digits: string[];
  /** How the locale writes this currency next to an amount ("€", "kr.", "KWD"). */
  symbols: string[];
}

const localeCache = new Map<string, LocaleNumbers>();

function localeNumbers(locale: string, currency: string): LocaleNumbers {
  const key = `${locale}|${currency}`;
  let found = localeCache.get(key);
  if (!found) {
    const parts = numberFormat(locale, {}).formatToParts(1234567.5);
    const digits = [...numberFormat(locale, { useGrouping: false }).format(1234567890)];
    const symbol = (display: "symbol" | "narrowSymbol" | "code" | "name") =>
      numberFormat(locale, { style: "currency", currency, currencyDisplay: display })
        .formatToParts(1)
        .filter((part) => part.type === "currency")
        .map((part) => part.value);
    found = {
      decimal: parts.find((part) => part.type === "decimal")?.value ?? ".",
      group: parts.find((part) => part.type === "group")?.value ?? ",",
      digits: [digits[9] ?? "0", ...digits.slice(0, 9)],
      symbols: [...new Set([...symbol("symbol"), ...symbol("narrowSymbol"), ...symbol("code"), currency])].sort((a, b) => b.length - a.length),
    };
    localeCache.set(key, found);
  }
  return found;
}

const spaces = /[\s\u00a0\u202f\u2009\u200e\u200f\u061c]/g;

/** Groups of three (1,234,567) or the Indian lakh pattern (12,34,567) after a first group of 1–3 digits. */
function validGrouping(groups: string[]): boolean {
  if (groups.length === 1) return /^\d+$/.test(groups[0] ?? "");
  const [first = "", ...rest] = groups;
  if (!/^\d{1,3}$/.test(first)) return false;
  const last = rest.pop() ?? "";
  return /^\d{3}$/.test(last) && (rest.every((group) => /^\d{3}$/.test(group)) || rest.every((group) => /^\d{2}$/.test(group)));
}

/**
 * One reading of `text`: `decimal` separates the fraction, `groups` may separate thousands.
 * Extra zeros after the currency's decimals are accepted only when `padding` allows it ("1200.00" yen).
 */
function readAs(text: string, decimal: string, groups: string[], digits: number, padding: boolean): bigint | "too-precise" | null {
  const pieces = text.split(decimal);
  if (pieces.length > 2) return null;
  const [whole = "", fraction = ""] = pieces;
  if (pieces.length === 2 && !/^\d+$/.test(fraction)) return null;
  if (whole === "" && fraction === "") return null;
  let integer = whole || "0";
  const separator = groups.find((candidate) => integer.includes(candidate));
  if (separator) {
    if (groups.some((other) => other !== separator && integer.includes(other))) return null;
    const parts = integer.split(separator);
    if (!validGrouping(parts)) return null;
    integer = parts.join("");
  } else if (!/^\d+$/.test(integer)) return null;
  const kept = fraction.slice(0, digits);
  const extra = fraction.slice(digits);
  if (extra && (!padding || /[1-9]/.test(extra))) return "too-precise";
  return BigInt(integer + kept.padEnd(digits, "0"));
}

/**
 * Reads an amount a person typed, in their locale, into minor units of `currency`:
 * "12,50" in de-DE is 1250 (€12.50), "2.273,10 €" is 227310, "1,234.5" in en-US is 123450.
 * A text the locale's own rules cannot read is read the other common way only when that gives
 * one sensible amount ("12.50" in de-DE); a text both ways read differently is refused as
 * ambiguous ("1.500" KWD in de-DE could be 1500 or 1.5). The messages are the same everywhere.
 */
export function parseAmount(input: string, currency: string, locale = "en-US"): ParsedAmount {
  const code = currency.toUpperCase();
  const numbers = localeNumbers(locale, code);
  const digits = minorUnitDigits(code);
  const example = formatAmountInput(Number("1234567".slice(0, 4 + digits)), code, locale);
  let text = input.replace(spaces, "");
  for (const [index, digit] of numbers.digits.entries()) if (digit !== String(index)) text = text.split(digit).join(String(index));
  for (const symbol of numbers.symbols) {
    if (text.toUpperCase().startsWith(symbol.toUpperCase())) text = text.slice(symbol.length);
    else if (text.toUpperCase().endsWith(symbol.toUpperCase())) text = text.slice(0, text.length - symbol.length);
  }
  if (!text) return { ok: false, error: `Enter an amount, such as ${example}.` };
  if (/^[-−]/.test(text)) return { ok: false, error: "The amount cannot be negative." };
  const { decimal, group } = numbers;
  // Spaces are gone already (fr-FR groups with one); Swiss apostrophes come typed either way.
  const localeGroups = group === "'" || group === "’" ? ["'", "’"] : [group];
  const own = readAs(text, decimal, localeGroups, digits, true);
  const otherDecimal = decimal === "," || decimal === "٫" ? "." : ",";
  // The other reading is only tried when the locale's own rules do not give a clear answer.
  const other = typeof own === "bigint" && text.includes(decimal) ? null : readAs(text, otherDecimal, otherDecimal === "." ? [","] : ["."], digits, false);
  const value = (reading: bigint | "too-precise" | null) => (typeof reading === "bigint" ? reading : null);
  const a = value(own);
  const b = own === "too-precise" ? null : value(other);
  if (a !== null && b !== null && a !== b) {
    const written = (amount: bigint) => formatAmountInput(Number(amount), code, locale);
    return { ok: false, error: `"${input.trim()}" could be read two ways. Write it with its decimals: ${written(a)} or ${written(b)}.` };
  }
  const amount = a ?? b;
  if (amount === null) {
    if (own === "too-precise" || other === "too-precise") {
      return {
        ok: false,
        error: digits ? `${code} amounts have at most ${digits} decimals, such as ${example}.` : `${code} amounts have no decimals, such as ${example}.`,
      };
    }
    return { ok: false, error: `Write the amount in figures, such as ${example}.` };
  }
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: "The amount is too large." };
  return { ok: true, amount: Number(amount) };
}
