import { Action, Letter, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailWords, type MessageContext } from "./context.ts";
import { longDay } from "./format.ts";

export interface FreshLinkInput extends MessageContext {
  url: string;
  expiresAt: Date;
  /** Sent by the vendor from Slack rather than asked for by whoever held a lapsed link. */
  sentByVendor?: boolean;
}

/** A fresh portal link, only ever sent to the address on file: the answer to "send me a new link", or sent by the vendor. */
export function composeFreshLink(input: FreshLinkInput): Promise<ComposedEmail> {
  const { vendor, language } = input;
  const t = emailWords(language);
  const values = { vendor: vendor.name, customer: input.customerName, until: longDay(input.expiresAt, language.locale) };
  const intro = t(input.sentByVendor ? "freshLink.introSent" : "freshLink.intro", values);
  return renderEmail(
    t("freshLink.subject", values),
    <Letter to={input} preview={intro} heading={t("freshLink.heading")} unsigned>
      <Paragraph>{intro}</Paragraph>
      <Action href={input.url} label={t("freshLink.button")} language={language} vendor={vendor} />
      {input.sentByVendor ? null : <Paragraph>{t("freshLink.notYou")}</Paragraph>}
    </Letter>,
  );
}
