import { Action, Letter, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailWords, type MessageContext } from "./context.ts";

export interface AnswerInput extends MessageContext {
  invoiceNumber: string;
  /** The team member who answered, as the vendor's Slack names them. */
  authorName: string | null;
  /** Their words, plain text (line breaks kept). */
  body: string;
  url: string;
}

/** A reply from the vendor's team to the client's question about an invoice. */
export function composeAnswer(input: AnswerInput): Promise<ComposedEmail> {
  const { vendor, language } = input;
  const t = emailWords(language);
  const values = { vendor: vendor.name, number: input.invoiceNumber, customer: input.customerName, person: input.authorName ?? vendor.name };
  return renderEmail(
    t("answer.subject", values),
    <Letter to={input} preview={t("answer.intro", values)} heading={t("answer.heading", values)}>
      <Paragraph>{t("answer.intro", values)}</Paragraph>
      {input.body.split(/\n{2,}/).map((paragraph, index) => (
        <Paragraph key={index}>
          <span style={{ whiteSpace: "pre-wrap" }}>{paragraph}</span>
        </Paragraph>
      ))}
      <Paragraph>{t("answer.more")}</Paragraph>
      <Action href={input.url} label={t("answer.button")} language={language} vendor={vendor} />
    </Letter>,
  );
}
