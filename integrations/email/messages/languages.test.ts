import { describe, expect, it } from "vitest";
import { translator } from "#app/i18n/i18n.ts";
import { languages, type Language } from "#app/i18n/languages.ts";
import { emailLanguage, type MessageContext } from "./context.ts";
import { composeFreshLink } from "./fresh-link.tsx";
import { composeInvoiceIssued } from "./invoice-issued.tsx";
import type { ComposedEmail } from "./layout.tsx";
import { composeReceipt } from "./receipt.tsx";
import { composeRefund } from "./refund.tsx";
import { composeReminder } from "./reminder.tsx";
import { englishLeftovers } from "#tests/catalogues.ts";

const locales: Record<Language, string> = { en: "en-GB", de: "de-DE", fr: "fr-FR", es: "es-ES", ru: "ru-RU", el: "el-GR", ja: "ja-JP" };

const invoice = {
  number: "INV-0042",
  currency: "EUR",
  total: 125_000,
  amountPaid: 40_000,
  balanceDue: 85_000,
  issueDate: new Date("2099-03-01"),
  dueDate: new Date("2099-03-31"),
};

/** Every email a client can receive, with every optional part shown. */
async function everyEmail(language: Language): Promise<ComposedEmail[]> {
  const context: MessageContext = {
    language: emailLanguage(locales[language], "en-US"),
    vendor: { name: "Studio Nord", brandColor: "#0f766e", repliesReachVendor: true },
    customerName: "Acme",
  };
  const url = "http://remit.test/p/token";
  return Promise.all([
    composeInvoiceIssued({ ...context, invoice, url, payOnline: true, attachedPdf: true }),
    composeInvoiceIssued({ ...context, invoice: { ...invoice, amountPaid: 0, balanceDue: invoice.total }, url, payOnline: false, attachedPdf: false }),
    ...[-5, -1, 0, 1, 7].map((daysFromDue) => composeReminder({ ...context, invoice, daysFromDue, url, payOnline: daysFromDue > 0 })),
    composeReceipt({
      ...context,
      invoice,
      payment: { receiptNumber: "INV-0042-1", amount: 40_000, currency: "EUR", method: "card", paidAt: new Date("2099-03-10T12:00:00Z") },
      timeZone: "Europe/Berlin",
      url,
    }),
    composeReceipt({
      ...context,
      invoice: { ...invoice, balanceDue: 0 },
      payment: { receiptNumber: "INV-0042-2", amount: 85_000, currency: "EUR", method: "card", paidAt: new Date("2099-03-20T12:00:00Z") },
      timeZone: "Europe/Berlin",
      url,
    }),
    composeRefund({ ...context, invoiceNumber: "INV-0042", receiptNumber: "INV-0042-1", amount: 5_000, amountRefunded: 15_000, currency: "EUR", url }),
    composeFreshLink({ ...context, url, expiresAt: new Date("2099-06-01T00:00:00Z") }),
  ]);
}

describe("emails in the client's language", () => {
  it.each(languages.filter((language) => language !== "en"))("%s: subject, text and HTML carry no English phrase", async (language) => {
    const leftovers = englishLeftovers(language, ["email"]);
    expect(leftovers.length).toBeGreaterThan(40);
    for (const email of await everyEmail(language)) {
      const html = email.html.replace(/<[^>]+>/g, " ").replace(/&[#\w]+;/g, " ");
      for (const part of [email.subject, email.text, html]) {
        for (const fragment of leftovers) expect(part, `English "${fragment}" in a ${language} email "${email.subject}"`).not.toContain(fragment);
      }
      expect(email.html).toContain(`lang="${locales[language]}"`);
    }
  });

  it("speaks English to an English client, with the same phrases the catalogue holds", async () => {
    const [issued] = await everyEmail("en");
    expect(issued!.subject).toBe("Invoice INV-0042 from Studio Nord — €1,250.00 due 31 Mar");
    expect(issued!.text).toContain("Studio Nord has sent you invoice INV-0042 for €1,250.00, due on 31 March 2099.");
  });

  it("takes plurals from the language's rules, and says 'tomorrow' in words", async () => {
    const ru = emailLanguage("ru-RU", "en-US");
    const remind = (daysFromDue: number) =>
      composeReminder({
        language: ru,
        vendor: { name: "Студия", brandColor: "#000000" },
        customerName: "Иван",
        invoice,
        daysFromDue,
        url: "http://remit.test/p/t",
        payOnline: true,
      });
    expect((await remind(-3)).subject).toContain("через 3 дня");
    expect((await remind(-5)).subject).toContain("через 5 дней");
    expect((await remind(-21)).subject).toContain("через 21 день");
    expect((await remind(-1)).subject).toContain("завтра");
    expect((await remind(1)).subject).toContain("просрочен на 1 день");
    expect((await remind(14)).subject).toContain("просрочен на 14 дней");
    expect((await remind(14)).subject).toMatch(/— 850,00\s€$/);
  });

  it("keeps the client's dates and digits, with the workspace's words, when Remit has no catalogue for their language", async () => {
    const language = emailLanguage("ar-KW", "de-DE");
    expect(language).toMatchObject({ language: "de", locale: "ar-KW" });
    const email = await composeReminder({
      language,
      vendor: { name: "Studio", brandColor: "#000000" },
      customerName: "Acme",
      invoice,
      daysFromDue: 0,
      url: "http://remit.test/p/t",
      payOnline: true,
    });
    expect(email.subject).toContain(
      translator("de", "email")("reminder.subjectToday", { number: "INV-0042", vendor: "Studio", amount: "" }).replace(/ — $/, ""),
    );
    expect(email.html).toContain('lang="de"');
  });
});
