import { minorUnitDigits } from "./money.ts";

/** Receivables by age: not yet due, then 1–30, 31–60, 61–90 and over 90 days past due. */
export const agingBuckets = ["current", "1-30", "31-60", "61-90", "90+"] as const;
export type AgingBucket = (typeof agingBuckets)[number];

export const agingBucketLabels: Record<AgingBucket, string> = {
  current: "Current",
  "1-30": "1–30 days",
  "31-60": "31–60 days",
  "61-90": "61–90 days",
  "90+": "90+ days",
};

/** The bucket of an open invoice `daysLate` days past due (0 or less: not yet due). */
export function agingBucket(daysLate: number): AgingBucket {
  if (daysLate <= 0) return "current";
  if (daysLate <= 30) return "1-30";
  if (daysLate <= 60) return "31-60";
  if (daysLate <= 90) return "61-90";
  return "90+";
}

export interface AgingRow {
  currency: string;
  /** Balance due per bucket, in minor units of the currency. */
  buckets: Record<AgingBucket, number>;
  total: number;
}

/** Balances per currency and bucket (currencies are never added together), currencies in order. */
export function ageReceivables(invoices: readonly { currency: string; balance: number; daysLate: number }[]): AgingRow[] {
  const rows = new Map<string, AgingRow>();
  for (const invoice of invoices) {
    if (invoice.balance <= 0) continue;
    const row = rows.get(invoice.currency) ?? {
      currency: invoice.currency,
      buckets: Object.fromEntries(agingBuckets.map((bucket) => [bucket, 0])) as Record<AgingBucket, number>,
      total: 0,
    };
    row.buckets[agingBucket(invoice.daysLate)] += invoice.balance;
    row.total += invoice.balance;
    rows.set(invoice.currency, row);
  }
  return [...rows.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** An amount as an accountant's spreadsheet reads it: major units, a dot, no grouping ("1234.50", "1200" yen). */
export function plainAmount(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? "-" : "";
  const whole = Math.abs(amount);
  if (!digits) return `${sign}${whole}`;
  const text = String(whole).padStart(digits + 1, "0");
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
