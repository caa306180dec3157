import { dateFormat, numberFormat } from "#app/platform/intl-cache.ts";
import { formatMoney } from "#app/billing/money.ts";

export { formatMoney };
export { textColorOn } from "#app/billing/brand-color.ts";

/** Calendar dates are UTC midnight: format them in UTC so no timezone shifts the day. */
export function formatDate(date: Date | string, locale: string): string {
  return dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(date));
}

/** An instant (paid at), in the vendor's timezone. */
export function formatInstant(date: Date | string, locale: string, timeZone: string): string {
  return dateFormat(locale, { dateStyle: "medium", timeZone }).format(new Date(date));
}

export function formatPercent(basisPoints: number, locale: string): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

export function formatQuantity(thousandths: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 3 }).format(thousandths / 1000);
}
