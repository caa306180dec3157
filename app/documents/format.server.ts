import { moneyFormatter } from "#app/billing/money.ts";

/** Locale-aware formatting for one document. */
export interface Formatter {
  locale: string;
  money(minorUnits: number): string;
  /** A calendar date stored as UTC midnight. */
  date(date: Date): string;
  /** An instant, in the document's time zone. */
  dateTime(instant: Date): string;
  quantity(value: number): string;
  /** Basis points as a percentage: 2000 → "20%". */
  rate(basisPoints: number): string;
}

// A malformed locale or zone must not make an invoice impossible to download.
function supportedLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? "en-US";
  } catch {
    return "en-US";
  }
}

function supportedTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en", { timeZone }).resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}

// Intl constructors cost ~1 ms per document, and a server sees few distinct combinations.
const formatters = new Map<string, Formatter>();

export function formatterFor(locale: string, timeZone: string, currency: string): Formatter {
  const key = `${locale}\n${timeZone}\n${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    if (formatters.size >= 200) formatters.clear();
    formatter = createFormatter(locale, timeZone, currency);
    formatters.set(key, formatter);
  }
  return formatter;
}

function createFormatter(locale: string, timeZone: string, currency: string): Formatter {
  const tag = supportedLocale(locale);
  const zone = supportedTimeZone(timeZone);
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: zone,
  });
  // dateStyle cannot be combined with timeZoneName, so the zone label is formatted separately.
  const zoneFormat = new Intl.DateTimeFormat(tag, { timeZoneName: "short", timeZone: zone });
  const quantityFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 4 });
  const rateFormat = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 3 });
  return {
    locale: tag,
    money: moneyFormatter(currency, tag),
    date: (date) => dateFormat.format(date),
    dateTime: (instant) => {
      const label = zoneFormat.formatToParts(instant).find((part) => part.type === "timeZoneName");
      return `${dateTimeFormat.format(instant)} ${label?.value ?? zone}`;
    },
    quantity: (value) => quantityFormat.format(value),
    rate: (basisPoints) => rateFormat.format(basisPoints / 10_000),
  };
}
