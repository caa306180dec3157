import { formatMoney, minorUnitDigits } from "#app/domain/money.ts";

/** Text a person typed, safe inside Slack mrkdwn (Slack's three control characters escaped). */
export function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A calendar date (stored as UTC midnight) as the workspace writes dates: "Dec 31, 2026". */
export function day(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

export function money(amount: number, currency: string, locale: string): string {
  return formatMoney(amount, currency, locale);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Slack's plain_text objects are limited in length (75 for options, 150 for buttons, 3000 for sections). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Minor units as a person types the amount: 120050 USD → "1200.50". */
export function majorAmount(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}
