import { crc32, deflateSync } from "node:zlib";
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFStream } from "pdf-lib";
import { describe, expect, it, vi } from "vitest";
import { formatMoney } from "#app/billing/money.ts";
import {
  aCreditNoteDocument,
  aReceiptDocument,
  anInvoiceDocument,
  invoiceLines,
  logoPng,
  offlinePayment,
  vendorDetails,
} from "#tests/fixtures/documents/documents.ts";
import {
  invoicePdfFileName,
  receiptPdfFileName,
  renderInvoicePdf,
  renderCreditNotePdf,
  renderReceiptPdf,
  renderStatementPdf,
  templateNames,
  type InvoiceDocument,
} from "./pdf.server.ts";
import { readPdf } from "./pdf-text.test-helper.ts";
import { expectAllIn } from "#tests/text.ts";

const allText = async (bytes: Uint8Array) => (await readPdf(bytes)).map((page) => page.text).join("\n");
/** Intl puts no-break spaces in some amounts ("KWD 1,234.567"); pdfjs reads them back as spaces. */
const money = (amount: number, currency: string, locale: string) => formatMoney(amount, currency, locale).replace(/[\u00a0\u202f]/g, " ");

describe("renderInvoicePdf", () => {
  it("prints each line's rate and discount, the invoice's discount, one tax row per rate, the supply date and the footer", async () => {
    const lines = [
      { productName: "Illustration", description: "Cover art", quantity: 1, unitAmount: 100_000, taxRateBps: 1900, discountBps: 1000, amount: 90_000 },
      { productName: "Art book", description: null, quantity: 2, unitAmount: 2_500, taxRateBps: 700, discountBps: 0, amount: 5_000 },
    ];
    const doc = anInvoiceDocument({
      language: "de",
      locale: "de-DE",
      lines,
      discountBps: 500,
      supplyDate: new Date("2025-02-28T00:00:00Z"),
      footer: "Steuerschuldnerschaft des Leistungsempfängers gilt nicht.",
    });
    // Per rate: 7 % on 50,00 € less 5 % = 47,50 € → 3,33 €; 19 % on 900,00 € less 5 % = 855,00 € → 162,45 €.
    expect(doc.taxRates.map(({ rateBps, taxable, tax }) => [rateBps, taxable, tax])).toEqual([
      [700, 4_750, 333],
      [1900, 85_500, 16_245],
    ]);
    const text = await allText(await renderInvoicePdf(doc));
    expectAllIn(text, [
      "Leistungsdatum 28.02.2025",
      "USt. 19 % · 10 % Rabatt",
      "USt. 7 %",
      `Rabatt (5 %) ${money(-4_750, "EUR", "de-DE")}`,
      `USt. 7 % auf ${money(4_750, "EUR", "de-DE")} ${money(333, "EUR", "de-DE")}`,
      `USt. 19 % auf ${money(85_500, "EUR", "de-DE")} ${money(16_245, "EUR", "de-DE")}`,
      money(doc.total, "EUR", "de-DE"),
      "Steuerschuldnerschaft des Leistungsempfängers gilt nicht.",
    ]);
    expect(doc.total).toBe(95_000 - 4_750 + 333 + 16_245);
  });

  it("shows the invoice's parties, numbers, dates, lines, totals and notes", async () => {
    const doc = anInvoiceDocument();
    const text = await allText(await renderInvoicePdf(doc));
    expectAllIn(text, [
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
      "Tax 20% on €1,450.00",
      "Amount paid",
      "Balance due",
      "Notes",
      formatMoney(doc.subtotal, "EUR", "en-GB"),
      formatMoney(doc.taxAmount, "EUR", "en-GB"),
      formatMoney(doc.total, "EUR", "en-GB"),
      "Page 1 of 1",
    ]);
  });

  it.each(templateNames)("renders the %s template", async (template) => {
    const doc = anInvoiceDocument({ template });
    const pages = await readPdf(await renderInvoicePdf(doc));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.text).toContain("INV-0042");
    expect(pages[0]?.text).toContain(formatMoney(doc.total, "EUR", "en-GB"));
    expect(pages[0]?.text).toContain("Общество Ромашка");
  });

  it("names each font once in a page's resources, however much text the page draws with it", async () => {
    const pdf = await PDFDocument.load(await renderInvoicePdf(anInvoiceDocument({ status: "paid", lines: invoiceLines(40) })));
    for (const page of pdf.getPages()) {
      const fonts = page.node.Resources()?.lookup(PDFName.of("Font"), PDFDict);
      const refs = fonts?.values() ?? [];
      expect(refs.length).toBeGreaterThan(0);
      expect(new Set(refs.map(String)).size).toBe(refs.length);
    }
  });

  it("gives each template its own look", async () => {
    const renders = await Promise.all(templateNames.map((template) => renderInvoicePdf(anInvoiceDocument({ template }))));
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
    expect(
      pages
        .slice(-2)
        .map((page) => page.text)
        .join("\n"),
    ).toContain("Balance due");
  });

  it("wraps long names and unbroken descriptions inside the page", async () => {
    const lines = invoiceLines(3);
    lines[1] = {
      productName: "A product name long enough that it cannot possibly fit on one line of its column",
      description: `${"Unbroken".repeat(40)} ${"lorem ipsum dolor sit amet ".repeat(400)}`,
      quantity: 1,
      unitAmount: 100,
      taxRateBps: 2000,
      discountBps: 0,
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
    await fresh.renderInvoicePdf(anInvoiceDocument({ customer: { name: "Élodie Ёлкина ÉCOLE", email: null, address: "Ça va?", taxId: null } }));
    const afterOthers = await fresh.renderInvoicePdf(doc);
    expect(Buffer.from(afterOthers).equals(first)).toBe(true);
  });

  it("keeps text extractable after documents that used composite glyphs", async () => {
    await renderInvoicePdf(anInvoiceDocument({ customer: { name: "ÉÈÊËĒĖĘ Ёё Çç", email: null, address: null, taxId: null } }));
    const text = await allText(await renderReceiptPdf(aReceiptDocument({ receiptNumber: "RCPT-EEE", timezone: "Europe/Paris" })));
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

  it("prints the payment schedule of a split invoice: each part's amount, due date, and paid, partly paid or open", async () => {
    const base = anInvoiceDocument();
    const third = Math.floor(base.total / 3);
    const amounts = [third, third, base.total - 2 * third];
    const instalments = amounts.map((amount, index) => ({
      position: index + 1,
      amount,
      dueDate: new Date(Date.UTC(2025, 3 + index, 11)),
      paid: [amount, 10_000, 0][index]!,
    }));
    const doc = { ...base, amountPaid: amounts[0]! + 10_000, balanceDue: base.total - amounts[0]! - 10_000, instalments };
    const text = await allText(await renderInvoicePdf(doc));
    const eur = (amount: number) => money(amount, "EUR", "en-GB");
    expectAllIn(text, [
      "Payment schedule Part Due Amount Status",
      `Part 1 of 3 11 Apr 2025 ${eur(amounts[0]!)} Paid`,
      `Part 2 of 3 11 May 2025 ${eur(amounts[1]!)} ${eur(10_000)} of ${eur(amounts[1]!)} paid`,
      `Part 3 of 3 11 Jun 2025 ${eur(amounts[2]!)} Open`,
    ]);

    // In the client's language, from the documents catalogue.
    const german = await allText(await renderInvoicePdf({ ...doc, language: "de", locale: "de-DE" }));
    expect(german).toContain(`Zahlungsplan Rate Fällig Betrag Status Rate 1 von 3 11.04.2025 ${money(amounts[0]!, "EUR", "de-DE")} Bezahlt`);
    expect(german).toContain(`Rate 3 von 3 11.06.2025 ${money(amounts[2]!, "EUR", "de-DE")} Offen`);

    // An invoice that is not split prints no schedule.
    expect(await allText(await renderInvoicePdf(base))).not.toContain("Payment schedule");
  });

  it("does not stamp an open invoice", async () => {
    const text = await allText(await renderInvoicePdf(anInvoiceDocument()));
    expect(text).not.toMatch(/\bPAID\b|\bVOID\b/);
  });

  it("shows characters no font has (emoji) as U+FFFD instead of failing", async () => {
    const doc = anInvoiceDocument({
      customer: { name: "株式会社 🎉 Café", email: null, address: null, taxId: null },
      lines: [{ productName: "漢字 👍🏽 ⛄", description: "👨‍👩‍👧 family", quantity: 1, unitAmount: 500, taxRateBps: 2000, discountBps: 0, amount: 500 }],
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
      lines: [{ productName: "Consulting", description: null, quantity: 1, unitAmount: amount, taxRateBps: 0, discountBps: 0, amount }],
    });
    const text = await allText(await renderInvoicePdf(doc));
    expect(text).toContain(money(amount, currency, "en-US"));
    expect(text).toContain(digits);
    expect(text).toContain(`Tax 0% on ${money(amount, currency, "en-US")}`);
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
        anInvoiceDocument({
          vendor: { name: "Plain Co", brandColor: "teal", logoPng: logo, details: { ...vendorDetails, legalName: "Plain Co" }, offline: null },
        }),
      );
      expect(await allText(bytes)).toContain("Plain Co");
    }
  });

  it("draws each vendor's own logo, with its transparency, however many documents came before", async () => {
    const withLogo = (png: Uint8Array) => anInvoiceDocument({ vendor: { ...anInvoiceDocument().vendor, logoPng: png } });
    const images = async (bytes: Uint8Array) => {
      const pdf = await PDFDocument.load(bytes);
      const xObjects = pdf.getPages()[0]?.node.Resources()?.lookup(PDFName.of("XObject"), PDFDict);
      return (xObjects?.values() ?? []).map((ref) => {
        const image = pdf.context.lookup(ref, PDFStream).dict;
        const size = (key: string) => image.lookup(PDFName.of(key), PDFNumber).asNumber();
        return { width: size("Width"), height: size("Height"), masked: image.has(PDFName.of("SMask")) };
      });
    };
    const first = await renderInvoicePdf(withLogo(logoPng));
    const other = await renderInvoicePdf(withLogo(aPng(3, 2)));
    expect(await images(first)).toEqual([{ width: 240, height: 80, masked: true }]);
    expect(await images(other)).toEqual([{ width: 3, height: 2, masked: true }]);
    expect(Buffer.from(await renderInvoicePdf(withLogo(new Uint8Array(logoPng)))).equals(first)).toBe(true);
  });
});

/** A `width`×`height` RGBA PNG, one colour with some transparency. */
function aPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: width }, () => Buffer.from([15, 118, 110, 200]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]));
}

describe("renderReceiptPdf", () => {
  it("shows the receipt, payment and a PAID stamp", async () => {
    const doc = aReceiptDocument();
    const text = await allText(await renderReceiptPdf(doc));
    expectAllIn(text, ["RCPT-0042-1", "INV-0042", "PAID", "€1,200.00", "Visa •••• 4242", "Общество Ромашка", "20 Mar 2025, 14:05"]);
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

  it("names the vendor in its letterhead as the invoice does: address, tax ID, registration", async () => {
    const text = await allText(await renderReceiptPdf(aReceiptDocument()));
    expectAllIn(text, ["12 Canal Street", "London E1 6AN", "GB123456789", "Companies House 09876543"]);
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

describe("renderStatementPdf", () => {
  it("runs a long statement over pages with its headings, the opening and closing balance and page numbers", async () => {
    let balance = 80_000;
    const entries = Array.from({ length: 70 }, (_, i) => {
      const kind = i % 3 === 2 ? ("payment" as const) : ("invoice" as const);
      const amount = kind === "payment" ? -50_000 : 30_000;
      balance += amount;
      const number = `NW-${String(100 + i).padStart(4, "0")}`;
      return {
        date: new Date(Date.UTC(2026, 0, 1 + i * 2)),
        kind,
        invoiceNumber: number,
        reference: kind === "payment" ? `${number}-1` : null,
        amount,
        balance,
      };
    });
    const pages = await readPdf(
      await renderStatementPdf({
        language: "en",
        locale: "en-GB",
        timezone: "Europe/London",
        vendor: { name: "Lumen Studio Ltd", brandColor: "#0f766e", logoPng, details: vendorDetails, offline: offlinePayment },
        customer: { name: "Globex Ltd", email: null, address: "1 Dock Road\nLiverpool", taxId: null },
        currency: "GBP",
        from: new Date("2026-01-01T00:00:00Z"),
        to: new Date("2026-06-30T00:00:00Z"),
        opening: 80_000,
        entries,
        invoiced: 47 * 30_000,
        paid: 23 * 50_000,
        credited: 0,
        closing: balance,
      }),
    );
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page.text).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page.text).toContain("BALANCE");
    });
    const text = pages.map((page) => page.text).join("\n");
    expect(pages[0]!.text).toContain("Opening balance £800.00");
    expect(text).toContain("Payment for NW-0102 (receipt NW-0102-1)");
    expect(pages.at(-1)!.text).toContain(`Closing balance ${formatMoney(balance, "GBP", "en-GB")}`);
  });
});

describe("renderCreditNotePdf", () => {
  it("names the vendor as the invoice does (legal name, address, tax ID, registration), the client and what it cancels", async () => {
    const text = await allText(await renderCreditNotePdf(aCreditNoteDocument()));
    expectAllIn(text, [
      "CREDIT NOTE",
      "CN-0007",
      "Lumen Studio Ltd",
      "12 Canal Street",
      "GB123456789",
      "Companies House 09876543",
      "Globex Ltd",
      "GB987654321",
      "INV-0042",
      "INV-0043",
      "Wrong rate",
      "£1,200.00",
    ]);
  });

  it("prints the legal name once where it is the trading name, and is deterministic", async () => {
    const doc = aCreditNoteDocument({ vendor: { ...aCreditNoteDocument().vendor, name: "Lumen Studio Ltd" } });
    const text = await allText(await renderCreditNotePdf(doc));
    // Once in the letterhead, once in the footer ("Lumen Studio Ltd · Credit note CN-0007 · …").
    expect(text.split("Lumen Studio Ltd").length - 1).toBe(2);
    expect(Buffer.from(await renderCreditNotePdf(doc)).equals(await renderCreditNotePdf(doc))).toBe(true);
  });
});
