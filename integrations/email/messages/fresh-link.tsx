import { Action, Layout, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailWords, type MessageContext } from "./context.ts";
import { longDay } from "./format.ts";

export interface FreshLinkInput extends MessageContext {
  url: string;
  expiresAt: Date;
}

/** The "request a new link" answer: a fresh portal link, only ever sent to the address on file. */
export function composeFreshLink(input: FreshLinkInput): Promise<ComposedEmail> {
  const { vendor, language } = input;
  const t = emailWords(language);
  const values = { vendor: vendor.name, customer: input.customerName, until: longDay(input.expiresAt, language.locale) };
  return renderEmail(
    t("freshLink.subject", values),
    <Layout language={language} preview={t("freshLink.intro", values)} heading={t("freshLink.heading")} vendor={vendor}>
      <Paragraph>{t("layout.greeting", values)}</Paragraph>
      <Paragraph>{t("freshLink.intro", values)}</Paragraph>
      <Action href={input.url} label={t("freshLink.button")} language={language} vendor={vendor} />
      <Paragraph>{t("freshLink.notYou")}</Paragraph>
    </Layout>,
  );
}
