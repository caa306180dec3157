import { Action, Facts, Letter, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailWords, type InvoiceFacts, type MessageContext } from "./context.ts";
import { dayOf, moneyIn } from "./format.ts";

export interface ReceiptInput extends MessageContext {
  invoice: InvoiceFacts;
  payment: { receiptNumber: string; amount: number; currency: string; method: string; paidAt: Date };
  timeZone: string;
  url: string;
}

/** One payment (by card, or recorded by the vendor), with the receipt PDF attached. */
export function composeReceipt(input: ReceiptInput): Promise<ComposedEmail> {
  const { invoice, payment, vendor, language } = input;
  const t = emailWords(language);
  const money = moneyIn(language.locale);
  const amount = money(payment.amount, payment.currency);
  const date = dayOf(payment.paidAt, language.locale, input.timeZone);
  const values = { receipt: payment.receiptNumber, vendor: vendor.name, amount, number: invoice.number, customer: input.customerName, date };
  return renderEmail(
    t("receipt.subject", values),
    <Letter to={input} preview={t("receipt.intro", values)} heading={t("receipt.heading")}>
      <Paragraph>{t("receipt.intro", values)}</Paragraph>
      <Paragraph>
        {invoice.balanceDue === 0 ? t("receipt.settled") : t("receipt.remaining", { balance: money(invoice.balanceDue, invoice.currency) })}
      </Paragraph>
      <Facts
        rows={[
          [t("receipt.receipt"), payment.receiptNumber],
          [t("receipt.amount"), amount],
          [t("receipt.method"), payment.method],
          [t("receipt.date"), date],
          ...(invoice.balanceDue > 0 ? ([[t("receipt.balance"), money(invoice.balanceDue, invoice.currency)]] as [string, string][]) : []),
        ]}
      />
      <Paragraph>{t("receipt.attached")}</Paragraph>
      <Action href={input.url} label={t("layout.buttonView")} language={language} vendor={vendor} />
    </Letter>,
  );
}
