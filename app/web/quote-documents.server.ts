import { readPrintedParties } from "#app/billing/printed-parties.ts";
import { templateNames, type InvoiceDocument, type TemplateName } from "#app/documents/pdf.server.ts";
import type { LocaleChoice } from "#app/i18n/languages.ts";
import type { PortalQuote } from "#app/portal/quotes.server.ts";

/**
 * The PDF renderer's input for a quote the client may see: the invoice layout with a quote's
 * words (app/documents/quote.server.ts), and the parties as frozen when it was sent.
 */
export function quoteDocument(view: PortalQuote, words: LocaleChoice): InvoiceDocument {
  const { quote, vendor, customer } = view;
  const frozen = readPrintedParties(quote.printed);
  const parties = frozen
    ? {
        vendor: { ...frozen.vendor, logoPng: frozen.vendor.logoPng ? new Uint8Array(Buffer.from(frozen.vendor.logoPng, "base64")) : null },
        customer: frozen.customer,
        template: frozen.vendor.template,
      }
    : {
        vendor: { name: vendor.name, brandColor: vendor.brandColor, logoPng: vendor.logoPng, details: vendor.details, offline: vendor.offline },
        customer: { name: customer.name, email: customer.email, address: customer.address, taxId: customer.taxId },
        template: quote.template,
      };
  const { template: _template, ...printedVendor } = parties.vendor as typeof parties.vendor & { template?: string };
  const template = (templateNames as readonly string[]).includes(parties.template) ? (parties.template as TemplateName) : "classic";
  return {
    template,
    language: words.language,
    locale: words.locale,
    timezone: vendor.timezone,
    vendor: printedVendor,
    customer: parties.customer,
    number: quote.number,
    status: "open",
    quote: { status: quote.status },
    currency: quote.currency,
    issueDate: quote.issueDate,
    dueDate: quote.validUntil,
    paidAt: null,
    supplyDate: quote.supplyDate,
    lines: quote.lines.map((line) => ({
      productName: line.productName,
      description: line.description,
      quantity: line.quantityThousandths / 1000,
      unitAmount: line.unitAmount,
      taxRateBps: line.taxRateBps,
      discountBps: line.discountBps,
      amount: line.amount,
    })),
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
