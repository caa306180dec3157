import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { formatMoney } from "#app/billing/money.ts";
import { translator } from "#app/i18n/i18n.ts";
import { languages, type Language } from "#app/i18n/languages.ts";
import { aReceiptDocument, anInvoiceDocument } from "#tests/fixtures/documents/documents.ts";
import { readPdf } from "./pdf-text.test-helper.ts";
import { renderInvoicePdf, renderReceiptPdf, type InvoiceDocument } from "./pdf.server.ts";
import { expectAllIn } from "#tests/text.ts";

const allText = async (bytes: Uint8Array) => (await readPdf(bytes)).map((page) => page.text).join("\n");
/** pdfjs reads no-break spaces back as spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
const money = (doc: InvoiceDocument, amount: number) => plain(formatMoney(amount, doc.currency, doc.locale)).replace(/[\u200e\u200f\u061c]/g, "");

const locales: Record<Language, string> = { en: "en-GB", de: "de-DE", fr: "fr-FR", es: "es-ES", ru: "ru-RU", el: "el-GR", ja: "ja-JP" };

function invoiceIn(language: Language, overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return anInvoiceDocument({ language, locale: locales[language], ...overrides });
}

/** An invoice in English words for a client in `locale`, a language with no catalogue of its own. */
function englishWordsFor(locale: string, currency: string, customer: { name: string; address: string }, overrides: Partial<InvoiceDocument> = {}) {
  return anInvoiceDocument({ language: "en", locale, currency, customer: { ...customer, email: null, taxId: null }, ...overrides });
}

describe("documents in the client's language", () => {
  it.each(languages)("%s: the invoice's labels are the catalogue's, with no replacement characters", async (language) => {
    const doc = invoiceIn(language, { currency: language === "ja" ? "JPY" : "EUR" });
    const t = translator(language, "documents");
    const pages = await readPdf(await renderInvoicePdf(doc));
    const text = pages.map((page) => page.text).join("\n");
    expectAllIn(text, [t("invoice.number"), t("invoice.issueDate"), t("invoice.subtotal"), t("invoice.total"), t("invoice.balanceDue"), t("invoice.notes")]);
    expect(text).toContain(t("page", { page: 1, pages: pages.length }));
    expect(text).toContain(money(doc, doc.total));
    expect(text).not.toContain("\uFFFD");
    if (language !== "en") {
      for (const english of ["Balance due", "Subtotal", "Issue date", "Page 1 of"]) expect(text).not.toContain(english);
    }
  });

  it.each(languages)("%s: the receipt's labels are the catalogue's", async (language) => {
    const t = translator(language, "documents");
    const text = await allText(await renderReceiptPdf(aReceiptDocument({ language, locale: locales[language] })));
    expect(text).toContain(t("receipt.number"));
    expect(text).toContain(t("receipt.thanks"));
    expect(text).not.toContain("\uFFFD");
  });

  it("prints Japanese text and the yen sign for a Japanese client, in a small file", async () => {
    const doc = invoiceIn("ja", {
      currency: "JPY",
      customer: { name: "山田商事株式会社", email: "keiri@yamada.example", address: "東京都千代田区丸の内1-1-1", taxId: null },
      lines: [
        {
          productName: "ウェブサイト制作",
          description: "デザインとコーディング",
          quantity: 1,
          unitAmount: 123_456,
          taxRateBps: 1000,
          discountBps: 0,
          amount: 123_456,
        },
      ],
      notes: "お振込手数料はご負担ください。",
    });
    const bytes = await renderInvoicePdf(doc);
    const text = await allText(bytes);
    expectAllIn(text, [
      "請求書",
      "山田商事株式会社",
      "東京都千代田区丸の内1-1-1",
      "ウェブサイト制作",
      "お振込手数料はご負担ください。",
      "￥123,456",
      "￥135,802",
      "2025/03/12",
    ]);
    expect(text).not.toContain("\uFFFD");
    expect(bytes.byteLength).toBeLessThan(150_000);
  });

  it("prints Chinese dates and names for a zh-CN client, whose words fall back to English", async () => {
    const doc = englishWordsFor("zh-CN", "CNY", { name: "上海贸易有限公司", address: "上海市浦东新区" });
    const text = await allText(await renderInvoicePdf(doc));
    expect(text).toContain("2025年3月12日");
    expect(text).toContain("上海贸易有限公司");
    expect(text).toContain("上海市浦东新区");
    expect(text).toContain(money(doc, doc.total));
    expect(text).toContain("Balance due");
    expect(text).not.toContain("\uFFFD");
  });

  it("keeps the digits of an ar-KW amount in order and shapes Arabic names", async () => {
    const lines = [{ productName: "Consulting", description: null, quantity: 1, unitAmount: 1_234_567, taxRateBps: 0, discountBps: 0, amount: 1_234_567 }];
    const doc = englishWordsFor("ar-KW", "KWD", { name: "شركة الخليج للتجارة", address: "الكويت" }, { lines });
    const text = await allText(await renderInvoicePdf(doc));
    expect(formatMoney(1_234_567, "KWD", "ar-KW")).toContain("١٬٢٣٤٫٥٦٧");
    expect(text).toContain("١٬٢٣٤٫٥٦٧");
    expect(text).not.toContain("٧٦٥٫٤٣٢٬١");
    expect(text).not.toContain("\uFFFD");
  });

  it("extracts text as typed: no ligature glyphs", async () => {
    const doc = anInvoiceDocument({
      lines: [{ productName: "Profile files", description: "office workflow", quantity: 1, unitAmount: 500, taxRateBps: 0, discountBps: 0, amount: 500 }],
    });
    const text = await allText(await renderInvoicePdf(doc));
    expect(text).toContain("Profile files");
    expect(text).toContain("office workflow");
  });

  it("names the document's language in /Lang", async () => {
    const lang = async (bytes: Uint8Array) => (await PDFDocument.load(bytes)).catalog.lookup(PDFName.of("Lang"), PDFString).decodeText();
    expect(await lang(await renderInvoicePdf(invoiceIn("de")))).toBe("de-DE");
    expect(await lang(await renderInvoicePdf(anInvoiceDocument({ language: "en", locale: "ar-KW" })))).toBe("en");
  });
});

describe("a complete invoice", () => {
  it("prints the vendor's and the client's addresses and tax ids, the PO number and how to pay by transfer", async () => {
    const doc = invoiceIn("de");
    const text = await allText(await renderInvoicePdf(doc));
    expectAllIn(text, [
      "Rechnungssteller",
      "12 Canal Street",
      "London E1 6AN",
      "USt-IdNr.: GB123456789",
      "Handelsregister: Companies House 09876543",
      "accounts@lumen.example",
      "USt-IdNr.: RU7707083893",
      "Bestellnr. / Referenz",
      "PO-7781",
      "Zahlung per Überweisung",
      "IBAN / Konto: GB29 NWBK 6016 1331 9268 19",
      "BIC / SWIFT: NWBKGB2L",
      "Verwendungszweck: INV-0042",
    ]);
  });

  it("leaves out the bank details once nothing is owed", async () => {
    const doc = invoiceIn("en", { status: "paid", paidAt: new Date("2025-03-20T10:00:00Z"), amountPaid: 174_000, balanceDue: 0 });
    const text = await allText(await renderInvoicePdf(doc));
    expect(text).toContain("VAT / tax ID: GB123456789");
    expect(text).not.toContain("Pay by bank transfer");
  });
});
