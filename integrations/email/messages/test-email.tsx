import { Layout, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailLanguage, emailWords } from "./context.ts";

/** `remit email test`: to the operator, not a client, so it is written in English. */
export function composeTestEmail(input: { server: string; transport: string }): Promise<ComposedEmail> {
  const vendor = { name: "Remit", brandColor: "#4f46e5" };
  const language = emailLanguage("en", "en");
  const t = emailWords(language);
  return renderEmail(
    t("test.subject"),
    <Layout language={language} preview={t("test.heading")} heading={t("test.heading")} vendor={vendor}>
      <Paragraph>{t("test.body", input)}</Paragraph>
    </Layout>,
  );
}
