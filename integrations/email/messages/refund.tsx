import { Action, Facts, Letter, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailWords, type MessageContext } from "./context.ts";
import { moneyIn } from "./format.ts";

export interface RefundInput extends MessageContext {
  invoiceNumber: string;
  receiptNumber: string;
  /** This refund, and everything refunded on the payment so far (minor units). */
  amount: number;
  amountRefunded: number;
  currency: string;
  url: string;
}

export function composeRefund(input: RefundInput): Promise<ComposedEmail> {
  const { vendor, language } = input;
  const t = emailWords(language);
  const money = moneyIn(language.locale);
  const amount = money(input.amount, input.currency);
  const values = { amount, vendor: vendor.name, number: input.invoiceNumber, receipt: input.receiptNumber, customer: input.customerName };
  return renderEmail(
    t("refund.subject", values),
    <Letter to={input} preview={t("refund.intro", values)} heading={t("refund.heading")}>
      <Paragraph>{t("refund.intro", values)}</Paragraph>
      <Facts
        rows={[
          [t("refund.refunded"), amount],
          ...(input.amountRefunded > input.amount ? ([[t("refund.total"), money(input.amountRefunded, input.currency)]] as [string, string][]) : []),
        ]}
      />
      <Paragraph>{t("refund.timing")}</Paragraph>
      <Action href={input.url} label={t("layout.buttonView")} language={language} vendor={vendor} />
    </Letter>,
  );
}
