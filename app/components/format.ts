import { dateFormat, numberFormat } from "#app/domain/intl-cache.ts";
import { formatMoney } from "#app/domain/money.ts";

export { formatMoney };

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

/** Black or white, whichever reads better on the brand colour (WCAG relative luminance). */
export function textColorOn(hex: string): "#000000" | "#ffffff" {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.179 ? "#000000" : "#ffffff";
}
