import type { Vendor } from "./layout.tsx";

/** Who writes to whom, and in which locale: what every message needs. */
export interface MessageContext {
  /** The client's locale: dates, amounts, and the email's `lang`. */
  locale: string;
  vendor: Vendor;
  customerName: string;
}

/** An invoice as the client's email shows it. Amounts in minor units. */
export interface InvoiceFacts {
  number: string;
  currency: string;
  total: number;
  amountPaid: number;
  balanceDue: number;
  issueDate: Date;
  dueDate: Date;
}

export function langOf(locale: string): string {
  try {
    return new Intl.Locale(locale).language;
  } catch {
    return "en";
  }
}
