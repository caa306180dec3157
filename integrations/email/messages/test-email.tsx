import { Layout, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { messageStrings } from "./words.ts";

export const strings = {
  subject: "Remit test email",
  heading: "Email works",
  body: "This test from {{server}} came through {{transport}}. Clients' invoices, reminders and receipts will be sent the same way.",
};
const t = messageStrings("email-test", strings);

/** `remit email test`: to the operator, not a client, so it is the one message in English only. */
export function composeTestEmail(input: { server: string; transport: string }): Promise<ComposedEmail> {
  const vendor = { name: "Remit", brandColor: "#4f46e5" };
  return renderEmail(
    t("subject"),
    <Layout lang="en" preview={t("heading")} heading={t("heading")} vendor={vendor}>
      <Paragraph>{t("body", input)}</Paragraph>
    </Layout>,
  );
}
