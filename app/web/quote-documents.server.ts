import { lineInput } from "#app/billing/invoice-input.ts";
import type { InvoiceDocument } from "#app/documents/pdf.server.ts";
import { printedParties } from "./documents.server.ts";
import type { LocaleChoice } from "#app/i18n/languages.ts";
import type { PortalQuote } from "#app/portal/quotes.server.ts";

/**
 * The PDF renderer's input for a quote the client may see: the invoice layout with a quote's
 * words (app/documents/quote.server.ts), and the parties as frozen when it was sent.
 */
export function quoteDocument(view: PortalQuote, words: LocaleChoice): InvoiceDocument {
  const { quote, vendor, customer } = view;
  const parties = printedParties(quote.printed, { vendor, customer, template: quote.template });
  return {
    template: parties.template,
    language: words.language,
    locale: words.locale,
    timezone: vendor.timezone,
    vendor: parties.vendor,
    customer: parties.customer,
    number: quote.number,
    status: "open",
    quote: { status: quote.status },
    currency: quote.currency,
    issueDate: quote.issueDate,
    dueDate: quote.validUntil,
    paidAt: null,
    supplyDate: quote.supplyDate,
    lines: quote.lines.map((line) => ({ ...lineInput(line), amount: line.amount })),
    subtotal: quote.subtotal,
    discountBps: quote.discountBps,
    discountAmount: quote.discountAmount,
    taxRates: quote.taxRates,
    taxAmount: quote.taxAmount,
    total: quote.total,
    amountPaid: 0,
    balanceDue: quote.total,
    notes: quote.notes,
    poNumber: quote.poNumber,
    footer: quote.footer,
    instalments: [],
  };
}
