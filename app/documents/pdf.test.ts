import { describe, expect, it, vi } from "vitest";
import { formatMoney } from "#app/billing/money.ts";
import { aReceiptDocument, anInvoiceDocument, invoiceLines, logoPng, vendorDetails } from "#tests/fixtures/documents/documents.ts";
import {
  invoicePdfFileName,
  receiptPdfFileName,
  renderInvoicePdf,
  renderReceiptPdf,
  templateNames,
  type InvoiceDocument,
} from "./pdf.server.ts";
import { readPdf } from "./pdf-text.test-helper.ts";

const allText = async (bytes: Uint8Array) => (await readPdf(bytes)).map((page) => page.text).join("\n");
/** Intl puts no-break spaces in some amounts ("KWD 1,234.567"); pdfjs reads them back as spaces. */
const money = (amount: number, currency: string, locale: string) =>
  formatMoney(amount, currency, locale).replace(/[\u00a0\u202f]/g, " ");

describe("renderInvoicePdf", () => {
  it("shows the invoice's parties, numbers, dates, lines, totals and notes", async () => {
    const doc = anInvoiceDocument();
    const text = await allText(await renderInvoicePdf(doc));
    for (const expected of [
      "Lumen Studio Ltd",
      "INV-0042",
      "Общество Ромашка",
      "accounts@romashka.example",
      "Москва 101000",
      "Καλημέρα",
      "Ευχαριστούμε",
      "12 Mar 2025",
      "11 Apr 2025",
      "Open",
      "Brand strategy",
      "Discovery workshop",
      "UNIT PRICE",
      "Subtotal",
      "Tax (20%)",
      "Amount paid",
      "Balance due",
      "Notes",
      formatMoney(doc.subtotal, "EUR", "en-GB"),
      formatMoney(doc.taxAmount, "EUR", "en-GB"),
      formatMoney(doc.total, "EUR", "en-GB"),
      "Page 1 of 1",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it.each(templateNames)("renders the %s template", async (template) => {
    const doc = anInvoiceDocument({ template });
    const pages = await readPdf(await renderInvoicePdf(doc));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.text).toContain("INV-0042");
    expect(pages[0]?.text).toContain(formatMoney(doc.total, "EUR", "en-GB"));
    expect(pages[0]?.text).toContain("Общество Ромашка");
  });

  it("gives each template its own look", async () => {
    const renders = await Promise.all(
      templateNames.map((template) => renderInvoicePdf(anInvoiceDocument({ template })))
    );
    expect(new Set(renders.map((bytes) => Buffer.from(bytes).toString("base64"))).size).toBe(3);
  });

  it.each(templateNames)("paginates a 300-line %s invoice, repeating the table header", async (template) => {
    const pages = await readPdf(await renderInvoicePdf(anInvoiceDocument({ template, lines: invoiceLines(300) })));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page.text).toContain(`Page ${index + 1} of ${pages.length}`);
      if (index < pages.length - 1) expect(page.text).toMatch(/Description/i);
    });
    // The totals close the table; the vendor's details and the notes may follow on a last page.
    expect(pages.slice(-2).map((page) => page.text).join("\n")).toContain("Balance due");
  });

  it("wraps long names and unbroken descriptions inside the page", async () => {
    const lines = invoiceLines(3);
    lines[1] = {
      productName: "A product name long enough that it cannot possibly fit on one line of its column",
      description: `${"Unbroken".repeat(40)} ${"lorem ipsum dolor sit amet ".repeat(400)}`,
      quantity: 1,
      unitAmount: 100,
      amount: 100,
    };
    for (const template of templateNames) {
      const pages = await readPdf(await renderInvoicePdf(anInvoiceDocument({ template, lines })));
      expect(pages.length).toBeGreaterThan(1); // the description alone is longer than a page
      for (const page of pages) {
        for (const item of page.items) {
          expect(item.x).toBeGreaterThanOrEqual(0);
          expect(item.x + item.width).toBeLessThanOrEqual(page.width - 30);
        }
      }
    }
  });

  it("is byte-for-byte deterministic, across renders and module loads", async () => {
    const doc = anInvoiceDocument({
      status: "paid",
      paidAt: new Date("2025-03-20T13:05:00Z"),
      lines: invoiceLines(40),
    });
    const first = await renderInvoicePdf(doc);
    expect(Buffer.from(await renderInvoicePdf(doc)).equals(first)).toBe(true);
    expect(Buffer.from(first).includes("/ID")).toBe(false);

    // Fonts are parsed once per process; what an earlier document drew must not leak into this one.
    vi.resetModules();
    const fresh = await import("./pdf.server.ts");
    await fresh.renderInvoicePdf(
      anInvoiceDocument({ customer: { name: "Élodie Ёлкина ÉCOLE", email: null, address: "Ça va?", taxId: null } })
    );
    const afterOthers = await fresh.renderInvoicePdf(doc);
    expect(Buffer.from(afterOthers).equals(first)).toBe(true);
  });

  it("keeps text extractable after documents that used composite glyphs", async () => {
    await renderInvoicePdf(anInvoiceDocument({ customer: { name: "ÉÈÊËĒĖĘ Ёё Çç", email: null, address: null, taxId: null } }));
    const text = await allText(
      await renderReceiptPdf(aReceiptDocument({ receiptNumber: "RCPT-EEE", timezone: "Europe/Paris" }))
    );
    expect(text).toContain("RCPT-EEE");
    expect(text).toContain("CET");
  });

  it.each([
    ["paid", "PAID"],
    ["void", "VOID"],
  ] as const)("stamps a %s invoice %s on every template", async (status, stamp) => {
    for (const template of templateNames) {
      const text = await allText(await renderInvoicePdf(anInvoiceDocument({ template, status })));
      expect(text).toContain(stamp);
    }
  });

  it("does not stamp an open invoice", async () => {
    const text = await allText(await renderInvoicePdf(anInvoiceDocument()));
    expect(text).not.toMatch(/\bPAID\b|\bVOID\b/);
  });

  it("shows characters no font has (emoji) as U+FFFD instead of failing", async () => {
    const doc = anInvoiceDocument({
      customer: { name: "株式会社 🎉 Café", email: null, address: null, taxId: null },
      lines: [{ productName: "漢字 👍🏽 ⛄", description: "👨‍👩‍👧 family", quantity: 1, unitAmount: 500, amount: 500 }],
      subtotal: 500,
      taxAmount: 100,
      total: 600,
      balanceDue: 600,
    });
    const text = await allText(await renderInvoicePdf(doc));
    expect(text).toContain("株式会社 \uFFFD Café");
    expect(text).toContain("漢字 \uFFFD");
    expect(text).toContain("family");
  });

  it.each([
    ["JPY", 123_456, "123,456"],
    ["KWD", 1_234_567, "1,234.567"],
  ])("formats %s amounts with the currency's minor units", async (currency, amount, digits) => {
    const doc: InvoiceDocument = anInvoiceDocument({
      locale: "en-US",
      currency,
      lines: [{ productName: "Consulting", description: null, quantity: 1, unitAmount: amount, amount }],
      subtotal: amount,
      taxRateBps: 0,
      taxAmount: 0,
      total: amount,
      balanceDue: amount,
    });
    const text = await allText(await renderInvoicePdf(doc));
    expect(text).toContain(money(amount, currency, "en-US"));
    expect(text).toContain(digits);
    expect(text).toContain("Tax (0%)");
  });

  it("uses US Letter for US locales and A4 elsewhere", async () => {
    const [letter] = await readPdf(await renderInvoicePdf(anInvoiceDocument({ locale: "en-US" })));
    const [a4] = await readPdf(await renderInvoicePdf(anInvoiceDocument({ locale: "de-DE" })));
    expect([letter?.width, letter?.height]).toEqual([612, 792]);
    expect(a4?.width).toBeCloseTo(595.28);
  });

  it("renders without a logo, with a corrupt logo and with an unusable brand colour", async () => {
    for (const logo of [null, new Uint8Array([1, 2, 3]), logoPng]) {
      const bytes = await renderInvoicePdf(
        anInvoiceDocument({ vendor: { name: "Plain Co", brandColor: "teal", logoPng: logo, details: { ...vendorDetails, legalName: "Plain Co" }, offline: null } })
      );
      expect(await allText(bytes)).toContain("Plain Co");
    }
  });
});

describe("renderReceiptPdf", () => {
  it("shows the receipt, payment and a PAID stamp", async () => {
    const doc = aReceiptDocument();
    const text = await allText(await renderReceiptPdf(doc));
    for (const expected of [
      "RCPT-0042-1",
      "INV-0042",
      "PAID",
      "€1,200.00",
      "Visa •••• 4242",
      "Общество Ромашка",
      "20 Mar 2025, 14:05",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("Refunded");
  });

  it("says how much was refunded", async () => {
    const text = await allText(await renderReceiptPdf(aReceiptDocument({ amountRefunded: 20_000 })));
    expect(text).toContain("Refunded €200.00");
    expect(text).toContain("€1,000.00"); // net
  });

  it("shows the part of a payment beyond what the invoice asked for", async () => {
    const text = await allText(await renderReceiptPdf(aReceiptDocument({ overpaid: 30_000 })));
    expect(text).toContain("Beyond the invoice");
    expect(text).toContain("€300.00");
  });

  it("is deterministic", async () => {
    const doc = aReceiptDocument();
    expect(Buffer.from(await renderReceiptPdf(doc)).equals(await renderReceiptPdf(doc))).toBe(true);
  });
});

describe("file names", () => {
  it("names invoice and receipt PDFs", () => {
    expect(invoicePdfFileName("INV-0042")).toBe("INV-0042.pdf");
    expect(receiptPdfFileName("INV-0042", 1)).toBe("Receipt-INV-0042-1.pdf");
  });

  it("keeps names safe for a Content-Disposition header", () => {
    expect(invoicePdfFileName('INV/2025 "42"\r\n')).toBe("INV-2025-42.pdf");
    expect(invoicePdfFileName("Facture-Été")).toBe("Facture-Ete.pdf");
    expect(invoicePdfFileName("Счёт")).toBe("invoice.pdf");
    expect(invoicePdfFileName("x".repeat(500))).toBe(`${"x".repeat(80)}.pdf`);
    expect(() => receiptPdfFileName("INV-1", 0)).toThrow(RangeError);
  });
});
