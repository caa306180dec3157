import type { ReactNode } from "react";
import { Body } from "@react-email/body";
import { Button } from "@react-email/button";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Hr } from "@react-email/hr";
import { Html } from "@react-email/html";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { render } from "@react-email/render";
import { textColorOn } from "#app/billing/brand-color.ts";
import type { LocaleChoice } from "#app/i18n/languages.ts";
import { emailWords, type MessageContext, type Vendor } from "./context.ts";

/** What every message module returns: one email's subject and both of its parts. */
export interface ComposedEmail {
  subject: string;
  html: string;
  text: string;
}

const font = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "16px", lineHeight: "24px", color: "#1f2937", margin: "0 0 16px" }}>{children}</Text>;
}

/** A row of label and value, for amounts and dates. */
export function Facts({ rows }: { rows: [string, string][] }) {
  return (
    <Section style={{ margin: "0 0 24px" }}>
      <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: "collapse" }}>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <td style={{ padding: "6px 0", fontSize: "15px", color: "#4b5563", borderBottom: "1px solid #e5e7eb" }}>{label}</td>
              <td style={{ padding: "6px 0", fontSize: "15px", color: "#111827", fontWeight: 600, textAlign: "right", borderBottom: "1px solid #e5e7eb" }}>
                {value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** The one call to action: a link to the client's page, as a big button with its own colours. */
export function Action({ href, label, language, vendor }: { href: string; label: string; language: LocaleChoice; vendor: Vendor }) {
  const t = emailWords(language);
  return (
    <Section style={{ margin: "8px 0 24px" }}>
      <Button
        href={href}
        style={{
          backgroundColor: vendor.brandColor,
          color: textColorOn(vendor.brandColor),
          fontSize: "16px",
          fontWeight: 600,
          padding: "12px 24px",
          borderRadius: "6px",
        }}
      >
        {label}
      </Button>
      <Text style={{ fontSize: "13px", lineHeight: "20px", color: "#6b7280", margin: "12px 0 0" }}>{t("layout.linkCare")}</Text>
    </Section>
  );
}

/** "Thank you," and the vendor's name under it. */
function SignOff({ language, vendor }: { language: LocaleChoice; vendor: Vendor }) {
  return (
    <Paragraph>
      {emailWords(language)("layout.thanks")}
      <br />
      {vendor.name}
    </Paragraph>
  );
}

/** Table layout and inline styles (react-email), the vendor's name and colour on top, no images and no tracking. */
export function Layout(props: { language: LocaleChoice; preview: string; heading: string; vendor: Vendor; children: ReactNode }) {
  const { language, preview, heading, vendor, children } = props;
  const t = emailWords(language);
  return (
    <Html lang={language.tag} dir="ltr">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f3f4f6", fontFamily: font, margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", maxWidth: "560px", borderRadius: "8px", overflow: "hidden" }}>
          <Section style={{ backgroundColor: vendor.brandColor, padding: "20px 32px" }}>
            <Text style={{ margin: 0, fontSize: "18px", fontWeight: 700, color: textColorOn(vendor.brandColor) }}>{vendor.name}</Text>
          </Section>
          <Section style={{ padding: "24px 32px 8px" }}>
            <Heading as="h1" style={{ fontSize: "22px", lineHeight: "30px", color: "#111827", margin: "0 0 16px" }}>
              {heading}
            </Heading>
            {children}
            <Hr style={{ borderColor: "#e5e7eb", margin: "16px 0" }} />
            <Text style={{ fontSize: "13px", lineHeight: "20px", color: "#6b7280", margin: "0 0 16px" }}>
              {t(vendor.repliesReachVendor ? "layout.footerReply" : "layout.footer", { vendor: vendor.name })}
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

/** A message to the client: the layout, "Hello {customer}," first and, unless `unsigned`, "Thank you," and the vendor last. */
export function Letter(props: { to: MessageContext; preview: string; heading: string; unsigned?: boolean; children: ReactNode }) {
  const { to, preview, heading, unsigned, children } = props;
  const { language, vendor } = to;
  return (
    <Layout language={language} preview={preview} heading={heading} vendor={vendor}>
      <Paragraph>{emailWords(language)("layout.greeting", { customer: to.customerName })}</Paragraph>
      {children}
      {unsigned ? null : <SignOff language={language} vendor={vendor} />}
    </Layout>
  );
}

/** Renders a message's element to HTML and its plain-text part (links written out after their text). */
export async function renderEmail(subject: string, element: ReactNode): Promise<ComposedEmail> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text };
}
