import type { QuotePartLabel } from "#app/billing/quotes.server.ts";
import { numberFormat } from "#app/platform/intl-cache.ts";
import { translator } from "./i18n.ts";

/** A share in basis points as the client's language writes a percentage ("30 %" in German). */
export function quotePercent(basisPoints: number, locale: string): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

/**
 * The line an invoice for part of a quote prints ("Deposit (30%) on quote Q-0001"), in the
 * client's language: what acceptance and "Invoice the rest" hand to the domain.
 */
export const quotePartLabel: QuotePartLabel = (part, { quoteNumber, percentBps, locale }) =>
  translator(locale, "quotes")(`lines.${part}`, { number: quoteNumber, percent: quotePercent(percentBps, locale) });
