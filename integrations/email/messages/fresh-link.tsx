import { Action, Layout, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { langOf, type MessageContext } from "./context.ts";
import { longDay } from "./format.ts";
import { messageStrings } from "./words.ts";

export const strings = {
  subject: "Your new link to your invoices from {{vendor}}",
  heading: "Your new link",
  greeting: "Hello {{customer}},",
  intro: "Someone asked for a new link to your invoices from {{vendor}}: here it is. It works until {{until}}.",
  notYou: "If you did not ask for it, you can ignore this email; only this address receives the link.",
  button: "Open your invoices",
};
const t = messageStrings("email-fresh-link", strings);

export interface FreshLinkInput extends MessageContext {
  url: string;
  expiresAt: Date;
}

/** The "request a new link" answer: a fresh portal link, only ever sent to the address on file. */
export function composeFreshLink(input: FreshLinkInput): Promise<ComposedEmail> {
  const { vendor, locale } = input;
  const values = { vendor: vendor.name, customer: input.customerName, until: longDay(input.expiresAt, locale) };
  return renderEmail(
    t("subject", values),
    <Layout lang={langOf(locale)} preview={t("intro", values)} heading={t("heading")} vendor={vendor}>
      <Paragraph>{t("greeting", values)}</Paragraph>
      <Paragraph>{t("intro", values)}</Paragraph>
      <Action href={input.url} label={t("button")} vendor={vendor} />
      <Paragraph>{t("notYou")}</Paragraph>
    </Layout>,
  );
}
