import { formatMoney } from "#app/billing/money.ts";
import { dateFormat } from "#app/platform/intl-cache.ts";

/** Money and dates as the client reads them, in their locale. Calendar dates are UTC midnight. */
export function moneyIn(locale: string) {
  return (amount: number, currency: string) => formatMoney(amount, currency, locale);
}

/** "31 Dec" / "Dec 31": short enough for a subject line. */
export function shortDay(date: Date, locale: string): string {
  return dateFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(date);
}

export function longDay(date: Date, locale: string): string {
  return dateFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
}

/** An instant (a payment), on the vendor's calendar. */
export function dayOf(instant: Date, locale: string, timeZone: string): string {
  return dateFormat(locale, { dateStyle: "long", timeZone }).format(instant);
}
