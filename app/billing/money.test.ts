import { describe, expect, it } from "vitest";
import { formatAmountInput, formatMoney, isKnownCurrency, minorUnitDigits, parseAmount } from "./money.ts";

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

  it("reads amounts people type in their locale into minor units", () => {
    const read = (text: string, currency: string, locale: string) => parseAmount(text, currency, locale);
    expect(read("12,50", "EUR", "de-DE")).toEqual({ ok: true, amount: 1250 });
    // The balance exactly as the page shows it, with or without the symbol.
    expect(formatAmountInput(227_310, "EUR", "de-DE")).toBe("2.273,10");
    expect(read("2.273,10", "EUR", "de-DE")).toEqual({ ok: true, amount: 227_310 });
    expect(read(formatMoney(227_310, "EUR", "de-DE"), "EUR", "de-DE")).toEqual({ ok: true, amount: 227_310 });
    expect(read(formatMoney(227_310, "EUR", "fr-FR"), "EUR", "fr-FR")).toEqual({ ok: true, amount: 227_310 });
    expect(read("$1,200.50", "USD", "en-US")).toEqual({ ok: true, amount: 120_050 });
    expect(read("1200", "JPY", "ja-JP")).toEqual({ ok: true, amount: 1200 });
    expect(read("1200.00", "JPY", "en-US")).toEqual({ ok: true, amount: 1200 });
    expect(read("1250.50", "KWD", "en-US")).toEqual({ ok: true, amount: 1_250_500 });
    expect(read("1250.500", "KWD", "en-US")).toEqual({ ok: true, amount: 1_250_500 });
    expect(read("OMR 12.345", "OMR", "en-US")).toEqual({ ok: true, amount: 12_345 });
    expect(read("95.000 kr.", "ISK", "is-IS")).toEqual({ ok: true, amount: 95_000 });
    expect(read(formatMoney(1_234_500, "HUF", "hu-HU"), "HUF", "hu-HU")).toEqual({ ok: true, amount: 1_234_500 });
    expect(read("1,23,456.50", "INR", "en-IN")).toEqual({ ok: true, amount: 12_345_650 });
    expect(read("CHF 1’234.50", "CHF", "de-CH")).toEqual({ ok: true, amount: 123_450 });
    expect(read(formatMoney(2_273_100, "KWD", "ar-KW"), "KWD", "ar-KW")).toEqual({ ok: true, amount: 2_273_100 });
    // Only one sensible reading, though not the locale's own way of writing it.
    expect(read("12.50", "EUR", "de-DE")).toEqual({ ok: true, amount: 1250 });
    expect(read("1.500", "EUR", "de-DE")).toEqual({ ok: true, amount: 150_000 });
  });

  it("refuses what it cannot read, or could read two ways, in the same words everywhere", () => {
    expect(parseAmount("1.500", "KWD", "de-DE")).toEqual({
      ok: false,
      error: '"1.500" could be read two ways. Write it with its decimals: 1.500,000 or 1,500.',
    });
    expect(parseAmount("1,500", "KWD", "en-US")).toMatchObject({ ok: false, error: expect.stringContaining("could be read two ways") });
    expect(parseAmount("1200.50", "JPY", "en-US")).toEqual({ ok: false, error: "JPY amounts have no decimals, such as 1,234." });
    expect(parseAmount("1.234", "USD", "en-US")).toEqual({ ok: false, error: "USD amounts have at most 2 decimals, such as 1,234.56." });
    expect(parseAmount("12,345", "EUR", "de-DE")).toEqual({ ok: false, error: "EUR amounts have at most 2 decimals, such as 1.234,56." });
    expect(parseAmount("-5", "USD", "en-US")).toEqual({ ok: false, error: "The amount cannot be negative." });
    expect(parseAmount("  ", "USD", "en-US")).toEqual({ ok: false, error: "Enter an amount, such as 1,234.56." });
    expect(parseAmount("abc", "USD", "en-US")).toEqual({ ok: false, error: "Write the amount in figures, such as 1,234.56." });
    expect(parseAmount("1.2.3", "USD", "en-US")).toMatchObject({ ok: false });
    expect(parseAmount("12,34,5", "USD", "en-US")).toMatchObject({ ok: false });
  });
});
