import { describe, expect, it } from "vitest";
import { computeTotals, lineAmount, lineGross } from "./invoice-math.ts";

const line = (quantity: number, unitAmount: number, extra: { taxRateBps?: number; discountBps?: number } = {}) => ({
  quantityThousandths: quantity * 1000,
  unitAmount,
  ...extra,
});

describe("invoice totals", () => {
  it("rounds each line half up from fractional quantities", () => {
    expect(lineAmount({ quantityThousandths: 3_000, unitAmount: 335 })).toBe(1005);
    expect(lineAmount({ quantityThousandths: 1_500, unitAmount: 333 })).toBe(500); // 499.5 → 500
    expect(lineAmount({ quantityThousandths: 333, unitAmount: 100 })).toBe(33); // 33.3
  });

  it("computes subtotal, tax half up, and total, in minor units of any currency", () => {
    // 2 decimals: 19% of 2 750,50 € = 522,595 → 522,60 €
    expect(computeTotals([line(1, 275_050, { taxRateBps: 1900 })])).toMatchObject({ subtotal: 275_050, discountAmount: 0, taxAmount: 52_260, total: 327_310 });
    // 0 decimals: 10% of ¥180,005 = 18,000.5 → ¥18,001
    expect(computeTotals([line(12, 15_000, { taxRateBps: 1000 }), line(1, 5, { taxRateBps: 1000 })])).toMatchObject({
      subtotal: 180_005,
      taxAmount: 18_001,
      total: 198_006,
    });
    // 3 decimals: 8.25% of 1,250.500 KWD = 103.16625 → 103.166
    expect(computeTotals([line(1, 1_250_500, { taxRateBps: 825 })])).toMatchObject({ subtotal: 1_250_500, taxAmount: 103_166, total: 1_353_666 });
    expect(computeTotals([line(1, 0, { taxRateBps: 2000 })])).toMatchObject({ subtotal: 0, taxAmount: 0, total: 0 });
  });

  it("sums several tax rates on one invoice, one summary per rate, lowest first", () => {
    // Germany: books at 7 %, design work at 19 %, and an untaxed disbursement.
    const totals = computeTotals([
      line(1, 120_000, { taxRateBps: 1900 }),
      line(3, 2_999, { taxRateBps: 700 }),
      line(1, 4_550),
      line(2, 10_025, { taxRateBps: 1900 }),
    ]);
    expect(totals.rates).toEqual([
      { rateBps: 0, net: 4_550, discount: 0, taxable: 4_550, tax: 0 },
      // 7 % of 89,97 € = 6,2979 → 6,30 €
      { rateBps: 700, net: 8_997, discount: 0, taxable: 8_997, tax: 630 },
      // 19 % of 1 400,50 € = 266,095 → 266,10 €
      { rateBps: 1900, net: 140_050, discount: 0, taxable: 140_050, tax: 26_610 },
    ]);
    expect(totals).toMatchObject({ subtotal: 153_597, discountAmount: 0, taxAmount: 27_240, total: 180_837 });
  });

  it("rounds tax per rate, not per line: the per-rate summary adds up to the invoice's tax", () => {
    // Three lines of 0,05 € at 10 %: per line 0,005 → 0,01 each would be 0,03; per rate 0,015 → 0,02.
    const totals = computeTotals([line(1, 5, { taxRateBps: 1000 }), line(1, 5, { taxRateBps: 1000 }), line(1, 5, { taxRateBps: 1000 })]);
    expect(totals.rates).toEqual([{ rateBps: 1000, net: 15, discount: 0, taxable: 15, tax: 2 }]);
    expect(totals.taxAmount).toBe(totals.rates.reduce((sum, rate) => sum + rate.tax, 0));
  });

  it("takes a line's discount from that line before tax", () => {
    // 3 × 33,33 € = 99,99 €, 15 % off = 14,9985 → 15,00 €, leaves 84,99 €.
    const discounted = line(3, 3_333, { discountBps: 1500, taxRateBps: 2000 });
    expect(lineGross(discounted)).toBe(9_999);
    expect(lineAmount(discounted)).toBe(8_499);
    // 20 % of 84,99 € = 16,998 → 17,00 €
    expect(computeTotals([discounted])).toMatchObject({ subtotal: 8_499, discountAmount: 0, taxAmount: 1_700, total: 10_199 });
    expect(lineAmount(line(1, 10_000, { discountBps: 10_000 }))).toBe(0);
  });

  it("takes the invoice's discount from every rate alike, before the tax on it", () => {
    const totals = computeTotals([line(1, 100_000, { taxRateBps: 2000 }), line(1, 33_333, { taxRateBps: 550 })], 1000);
    expect(totals.rates).toEqual([
      // 10 % of 333,33 € = 33,333 → 33,33 €; 5,5 % of 300,00 € = 16,50 €
      { rateBps: 550, net: 33_333, discount: 3_333, taxable: 30_000, tax: 1_650 },
      { rateBps: 2000, net: 100_000, discount: 10_000, taxable: 90_000, tax: 18_000 },
    ]);
    expect(totals).toMatchObject({ subtotal: 133_333, discountAmount: 13_333, taxAmount: 19_650, total: 139_650 });
  });

  it("keeps line and invoice discounts apart in a 0-decimal currency", () => {
    // ¥12,345 with 5 % off the line = 617.25 → 617, leaves ¥11,728; 3 % off the invoice = 351.84 → 352.
    const totals = computeTotals([line(1, 12_345, { discountBps: 500, taxRateBps: 1000 })], 300);
    expect(totals).toMatchObject({ subtotal: 11_728, discountAmount: 352, taxAmount: 1_138, total: 12_514 });
    // 10 % of ¥11,376 = 1,137.6 → ¥1,138
    expect(totals.total).toBe(totals.subtotal - totals.discountAmount + totals.taxAmount);
  });
});
