import { Action, Facts, Letter, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailWords, type MessageContext } from "./context.ts";
import { longDay, moneyIn, shortDay } from "./format.ts";

export interface QuoteSentInput extends MessageContext {
  quote: { number: string; currency: string; total: number; issueDate: Date; validUntil: Date };
  url: string;
  attachedPdf: boolean;
}

/** The quote, its amount and validity, and the link to its page (where the client accepts or declines). */
export function composeQuoteSent(input: QuoteSentInput): Promise<ComposedEmail> {
  const { quote, vendor, language } = input;
  const { locale } = language;
  const t = emailWords(language);
  const amount = moneyIn(locale)(quote.total, quote.currency);
  const values = { number: quote.number, vendor: vendor.name, amount, customer: input.customerName };
  return renderEmail(
    t("quotes:email.subject", { ...values, until: shortDay(quote.validUntil, locale) }),
    <Letter to={input} preview={t("quotes:email.preview", { amount, until: longDay(quote.validUntil, locale) })} heading={t("quotes:email.heading", values)}>
      <Paragraph>{t("quotes:email.intro", { ...values, until: longDay(quote.validUntil, locale) })}</Paragraph>
      <Facts
        rows={[
          [t("quotes:email.total"), amount],
          [t("quotes:email.issued"), longDay(quote.issueDate, locale)],
          [t("quotes:email.validUntil"), longDay(quote.validUntil, locale)],
        ]}
      />
      <Paragraph>{t("quotes:email.action")}</Paragraph>
      <Action href={input.url} label={t("quotes:email.button")} language={language} vendor={vendor} />
    </Letter>,
  );
}
