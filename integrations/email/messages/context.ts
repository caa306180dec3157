import { translator } from "#app/i18n/i18n.ts";
import { chooseLocale, type LocaleChoice } from "#app/i18n/languages.ts";

/** Who the email is from, as its header and sign-off show it. */
export interface Vendor {
  name: string;
  brandColor: string;
  /** Whether replies reach the vendor (a reply-to address is set). */
  repliesReachVendor?: boolean;
}

/** Who writes to whom, and in which language: what every message needs. */
export interface MessageContext {
  /** The client's language (words), locale (dates, amounts) and the email's `lang`, as the portal picks them. */
  language: LocaleChoice;
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

/** The email's language follows the customer's locale, then the workspace's, exactly as the portal's does. */
export function emailLanguage(customerLocale: string | null | undefined, workspaceLocale: string | null | undefined): LocaleChoice {
  return chooseLocale({ customer: customerLocale, workspace: workspaceLocale });
}

/** The words of the emails (the `email` catalogue) in the client's language. */
export function emailWords(language: LocaleChoice) {
  return translator(language.language, "email");
}
