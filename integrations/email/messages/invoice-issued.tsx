import { Action, Facts, Layout, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { langOf, type InvoiceFacts, type MessageContext } from "./context.ts";
import { longDay, moneyIn, shortDay } from "./format.ts";
import { messageStrings } from "./words.ts";

export const strings = {
  subject: "Invoice {{number}} from {{vendor}} — {{amount}} due {{due}}",
  heading: "Invoice {{number}}",
  preview: "{{amount}} due {{due}}",
  greeting: "Hello {{customer}},",
  intro: "{{vendor}} has sent you invoice {{number}} for {{amount}}, due on {{due}}.",
  partlyPaid: "{{paid}} of it is already paid; {{balance}} is left to pay.",
  total: "Amount",
  balance: "Left to pay",
  issued: "Issued",
  dueOn: "Due",
  payOnline: "You can see the invoice, download it and pay online by card from the button below.",
  payOffline: "You can see and download the invoice from the button below; {{vendor}} will tell you how to pay.",
  attached: "The invoice is attached as a PDF.",
  buttonPay: "View and pay",
  buttonView: "View invoice",
  thanks: "Thank you,",
};
const t = messageStrings("email-invoice", strings);

export interface InvoiceIssuedInput extends MessageContext {
  invoice: InvoiceFacts;
  url: string;
  payOnline: boolean;
  attachedPdf: boolean;
}

/** The invoice, its amount and due date, and the link to the client's page (where the Pay button is). */
export function composeInvoiceIssued(input: InvoiceIssuedInput): Promise<ComposedEmail> {
  const { invoice, vendor, locale } = input;
  const money = moneyIn(locale);
  const amount = money(invoice.total, invoice.currency);
  const values = { number: invoice.number, vendor: vendor.name, amount, customer: input.customerName };
  const subject = t("subject", { ...values, due: shortDay(invoice.dueDate, locale) });
  return renderEmail(
    subject,
    <Layout lang={langOf(locale)} preview={t("preview", { amount, due: longDay(invoice.dueDate, locale) })} heading={t("heading", values)} vendor={vendor}>
      <Paragraph>{t("greeting", values)}</Paragraph>
      <Paragraph>{t("intro", { ...values, due: longDay(invoice.dueDate, locale) })}</Paragraph>
      {invoice.amountPaid > 0 ? (
        <Paragraph>{t("partlyPaid", { paid: money(invoice.amountPaid, invoice.currency), balance: money(invoice.balanceDue, invoice.currency) })}</Paragraph>
      ) : null}
      <Facts
        rows={[
          [t("total"), amount],
          ...(invoice.amountPaid > 0 ? ([[t("balance"), money(invoice.balanceDue, invoice.currency)]] as [string, string][]) : []),
          [t("issued"), longDay(invoice.issueDate, locale)],
          [t("dueOn"), longDay(invoice.dueDate, locale)],
        ]}
      />
      <Paragraph>{input.payOnline ? t("payOnline") : t("payOffline", values)}</Paragraph>
      {input.attachedPdf ? <Paragraph>{t("attached")}</Paragraph> : null}
      <Action href={input.url} label={input.payOnline ? t("buttonPay") : t("buttonView")} vendor={vendor} />
      <Paragraph>
        {t("thanks")}
        <br />
        {vendor.name}
      </Paragraph>
    </Layout>,
  );
}
