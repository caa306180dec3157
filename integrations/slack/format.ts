import { formatMoney, minorUnitDigits } from "#app/billing/money.ts";

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

/** Length as Slack counts it for Block Kit limits: code points of the text as sent (escaped, for mrkdwn). */
export function slackLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Plain text cut to at most `max` code points, with "…" when cut: an emoji or another
 * character outside the BMP is never split in half.
 */
export function truncate(text: string, max: number): string {
  if (slackLength(text) <= max) return text;
  return `${[...text].slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * Mrkdwn that is already escaped, cut to at most `max` code points without breaking an entity
 * (`&amp;`), a mention or a link (`<@U123>`, `<url|label>`) in two.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (slackLength(text) <= max) return text;
  const kept = [...text].slice(0, Math.max(0, max - 1)).join("");
  return `${kept.replace(/&[a-z]*$/, "").replace(/<[^>]*$/, "")}…`;
}

/**
 * What a person typed, escaped for mrkdwn and cut so the escaped text is at most `max` code
 * points: the limit is measured on what Slack counts, so `&` costs five.
 */
export function clip(raw: string, max: number): string {
  const escaped = escape(raw);
  if (slackLength(escaped) <= max) return escaped;
  let kept = "";
  let length = 0;
  for (const char of raw) {
    const cost = slackLength(escape(char));
    if (length + cost > max - 1) break;
    kept += char;
    length += cost;
  }
  return `${escape(kept)}…`;
}

/**
 * A sentence around a name that fits `max` once escaped: the sentence keeps its words and the
 * name is clipped to the room left. `render` receives the name already escaped.
 */
export function fitted(max: number, raw: string, render: (name: string) => string): string {
  const room = max - slackLength(render(""));
  return truncateMrkdwn(render(clip(raw, Math.max(1, room))), max);
}

/** Minor units as a person types the amount: 120050 USD → "1200.50". */
export function majorAmount(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}
