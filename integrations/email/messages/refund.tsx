import { Action, Facts, Layout, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { langOf, type MessageContext } from "./context.ts";
import { moneyIn } from "./format.ts";
import { messageStrings } from "./words.ts";

export const strings = {
  subject: "Refund of {{amount}} from {{vendor}} for invoice {{number}}",
  heading: "Refund on its way",
  greeting: "Hello {{customer}},",
  intro: "{{vendor}} has refunded {{amount}} of your payment {{receipt}} for invoice {{number}}.",
  timing: "A card refund usually shows on your statement within 5 to 10 business days.",
  refunded: "Refunded now",
  total: "Refunded on this payment",
  button: "View invoice",
  thanks: "Thank you,",
};
const t = messageStrings("email-refund", strings);

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
  const { vendor, locale } = input;
  const money = moneyIn(locale);
  const amount = money(input.amount, input.currency);
  const values = { amount, vendor: vendor.name, number: input.invoiceNumber, receipt: input.receiptNumber, customer: input.customerName };
  return renderEmail(
    t("subject", values),
    <Layout lang={langOf(locale)} preview={t("intro", values)} heading={t("heading")} vendor={vendor}>
      <Paragraph>{t("greeting", values)}</Paragraph>
      <Paragraph>{t("intro", values)}</Paragraph>
      <Facts
        rows={[
          [t("refunded"), amount],
          ...(input.amountRefunded > input.amount ? ([[t("total"), money(input.amountRefunded, input.currency)]] as [string, string][]) : []),
        ]}
      />
      <Paragraph>{t("timing")}</Paragraph>
      <Action href={input.url} label={t("button")} vendor={vendor} />
      <Paragraph>
        {t("thanks")}
        <br />
        {vendor.name}
      </Paragraph>
    </Layout>,
  );
}
