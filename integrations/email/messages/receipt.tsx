import { Action, Facts, Layout, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { langOf, type InvoiceFacts, type MessageContext } from "./context.ts";
import { dayOf, moneyIn } from "./format.ts";
import { messageStrings } from "./words.ts";

export const strings = {
  subject: "Receipt {{receipt}} from {{vendor}} — {{amount}} received",
  heading: "Payment received",
  greeting: "Hello {{customer}},",
  intro: "{{vendor}} received your payment of {{amount}} for invoice {{number}} on {{date}}. Thank you.",
  settled: "The invoice is now paid in full.",
  remaining: "{{balance}} of the invoice is left to pay.",
  receipt: "Receipt",
  amount: "Amount paid",
  method: "Method",
  date: "Date",
  balance: "Left to pay",
  attached: "The receipt is attached as a PDF.",
  button: "View invoice",
  thanks: "Thank you,",
};
const t = messageStrings("email-receipt", strings);

export interface ReceiptInput extends MessageContext {
  invoice: InvoiceFacts;
  payment: { receiptNumber: string; amount: number; currency: string; method: string; paidAt: Date };
  timeZone: string;
  url: string;
}

/** One payment (by card, or recorded by the vendor), with the receipt PDF attached. */
export function composeReceipt(input: ReceiptInput): Promise<ComposedEmail> {
  const { invoice, payment, vendor, locale } = input;
  const money = moneyIn(locale);
  const amount = money(payment.amount, payment.currency);
  const date = dayOf(payment.paidAt, locale, input.timeZone);
  const values = { receipt: payment.receiptNumber, vendor: vendor.name, amount, number: invoice.number, customer: input.customerName, date };
  return renderEmail(
    t("subject", values),
    <Layout lang={langOf(locale)} preview={t("intro", values)} heading={t("heading")} vendor={vendor}>
      <Paragraph>{t("greeting", values)}</Paragraph>
      <Paragraph>{t("intro", values)}</Paragraph>
      <Paragraph>{invoice.balanceDue === 0 ? t("settled") : t("remaining", { balance: money(invoice.balanceDue, invoice.currency) })}</Paragraph>
      <Facts
        rows={[
          [t("receipt"), payment.receiptNumber],
          [t("amount"), amount],
          [t("method"), payment.method],
          [t("date"), date],
          ...(invoice.balanceDue > 0 ? ([[t("balance"), money(invoice.balanceDue, invoice.currency)]] as [string, string][]) : []),
        ]}
      />
      <Paragraph>{t("attached")}</Paragraph>
      <Action href={input.url} label={t("button")} vendor={vendor} />
      <Paragraph>
        {t("thanks")}
        <br />
        {vendor.name}
      </Paragraph>
    </Layout>,
  );
}
