import { describe, expect, it } from "vitest";
import { computeTotals, lineAmount } from "./invoice-math.ts";
import { formatMoney, isKnownCurrency, minorUnitDigits, parseMajorAmount } from "./money.ts";

describe("money", () => {
  it("knows each currency's minor units", () => {
    expect([minorUnitDigits("JPY"), minorUnitDigits("usd"), minorUnitDigits("KWD")]).toEqual([0, 2, 3]);
    expect(isKnownCurrency("EUR")).toBe(true);
    expect(isKnownCurrency("XYZ")).toBe(false);
  });

  it("formats 0-, 2- and 3-decimal currencies in the customer's locale", () => {
    expect(formatMoney(123_456, "USD", "en-US")).toBe("$1,234.56");
    expect(formatMoney(123_456, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
    expect(formatMoney(123_456, "JPY", "ja-JP")).toBe("￥123,456");
    expect(formatMoney(1_250_500, "KWD", "en-GB")).toBe("KWD\u00a01,250.500");
    expect(formatMoney(4_500_000, "RUB", "ru-RU")).toBe("45\u00a0000,00\u00a0₽");
  });

  it("parses amounts people type into minor units, refusing too many decimals", () => {
    expect(parseMajorAmount("1,200.50", "USD")).toBe(120_050);
    expect(parseMajorAmount("1200", "JPY")).toBe(1200);
    expect(parseMajorAmount("1.5", "JPY")).toBeNull();
    expect(parseMajorAmount("12.345", "KWD")).toBe(12_345);
    expect(parseMajorAmount("-5", "USD")).toBeNull();
    expect(parseMajorAmount("abc", "USD")).toBeNull();
  });
});

describe("invoice totals", () => {
  it("rounds each line half up from fractional quantities", () => {
    expect(lineAmount({ quantityThousandths: 3_000, unitAmount: 335 })).toBe(1005);
    expect(lineAmount({ quantityThousandths: 1_500, unitAmount: 333 })).toBe(500); // 499.5 → 500
    expect(lineAmount({ quantityThousandths: 333, unitAmount: 100 })).toBe(33); // 33.3
  });

  it("computes subtotal, tax half up on the subtotal, and total, in minor units of any currency", () => {
    // 2 decimals: 19% of 2 750,50 € = 522,595 → 522,60 €
    expect(computeTotals([{ quantityThousandths: 1000, unitAmount: 275_050 }], 1900)).toEqual({ subtotal: 275_050, taxAmount: 52_260, total: 327_310 });
    // 0 decimals: 10% of ¥180,005 = 18,000.5 → ¥18,001
    expect(computeTotals([{ quantityThousandths: 12_000, unitAmount: 15_000 }, { quantityThousandths: 1000, unitAmount: 5 }], 1000)).toEqual({
      subtotal: 180_005,
      taxAmount: 18_001,
      total: 198_006,
    });
    // 3 decimals: 8.25% of 1,250.500 KWD = 103.16625 → 103.166
    expect(computeTotals([{ quantityThousandths: 1000, unitAmount: 1_250_500 }], 825)).toEqual({ subtotal: 1_250_500, taxAmount: 103_166, total: 1_353_666 });
    expect(computeTotals([{ quantityThousandths: 1000, unitAmount: 0 }], 2000)).toEqual({ subtotal: 0, taxAmount: 0, total: 0 });
  });
});
