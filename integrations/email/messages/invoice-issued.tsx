import { Action, Facts, Letter, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailWords, type InvoiceFacts, type MessageContext } from "./context.ts";
import { longDay, moneyIn, shortDay } from "./format.ts";

export interface InvoiceIssuedInput extends MessageContext {
  invoice: InvoiceFacts;
  url: string;
  payOnline: boolean;
  attachedPdf: boolean;
}

/** The invoice, its amount and due date, and the link to the client's page (where the Pay button is). */
export function composeInvoiceIssued(input: InvoiceIssuedInput): Promise<ComposedEmail> {
  const { invoice, vendor, language } = input;
  const { locale } = language;
  const t = emailWords(language);
  const money = moneyIn(locale);
  const amount = money(invoice.total, invoice.currency);
  const values = { number: invoice.number, vendor: vendor.name, amount, customer: input.customerName };
  return renderEmail(
    t("invoice.subject", { ...values, due: shortDay(invoice.dueDate, locale) }),
    <Letter to={input} preview={t("invoice.preview", { amount, due: longDay(invoice.dueDate, locale) })} heading={t("invoice.heading", values)}>
      <Paragraph>{t("invoice.intro", { ...values, due: longDay(invoice.dueDate, locale) })}</Paragraph>
      {invoice.amountPaid > 0 ? (
        <Paragraph>
          {t("invoice.partlyPaid", { paid: money(invoice.amountPaid, invoice.currency), balance: money(invoice.balanceDue, invoice.currency) })}
        </Paragraph>
      ) : null}
      <Facts
        rows={[
          [t("invoice.total"), amount],
          ...(invoice.amountPaid > 0 ? ([[t("invoice.balance"), money(invoice.balanceDue, invoice.currency)]] as [string, string][]) : []),
          [t("invoice.issued"), longDay(invoice.issueDate, locale)],
          [t("invoice.dueOn"), longDay(invoice.dueDate, locale)],
        ]}
      />
      <Paragraph>{input.payOnline ? t("invoice.payOnline") : t("invoice.payOffline", values)}</Paragraph>
      {input.attachedPdf ? <Paragraph>{t("invoice.attached")}</Paragraph> : null}
      <Action href={input.url} label={input.payOnline ? t("layout.buttonPay") : t("layout.buttonView")} language={language} vendor={vendor} />
    </Letter>,
  );
}
