import { describe, expect, it } from "vitest";
import { fromStripeAmount, toStripeAmount } from "./currency.ts";

describe("Stripe's currency rules at the boundary", () => {
  it("converts Remit's minor units into Stripe's", () => {
    expect(toStripeAmount(120_000, "USD")).toEqual({ ok: true, amount: 120_000 });
    expect(toStripeAmount(1200, "JPY")).toEqual({ ok: true, amount: 1200 });
    // 95 000 kr is 9 500 000 in Stripe's two-decimal ISK; HUF (whole forints in ISO's data here) too.
    expect(toStripeAmount(95_000, "ISK")).toEqual({ ok: true, amount: 9_500_000 });
    expect(toStripeAmount(12_345, "HUF")).toEqual({ ok: true, amount: 1_234_500 });
    expect(toStripeAmount(50_000, "UGX")).toEqual({ ok: true, amount: 5_000_000 });
    expect(toStripeAmount(80_045, "TWD")).toEqual({ ok: true, amount: 80_045 });
    expect(toStripeAmount(1_250_500, "KWD")).toEqual({ ok: true, amount: 1_250_500 });
    expect(toStripeAmount(12_340, "OMR")).toEqual({ ok: true, amount: 12_340 });
  });

  it("refuses in words what Stripe cannot charge", () => {
    expect(toStripeAmount(12_345, "OMR")).toEqual({
      ok: false,
      reason: "Card payments in OMR go in steps of OMR\u00a00.010, so OMR\u00a012.345 cannot be charged exactly.",
    });
    expect(toStripeAmount(1_255, "KWD", "en-GB")).toMatchObject({ ok: false, reason: expect.stringContaining("KWD\u00a01.255 cannot be charged exactly") });
    expect(toStripeAmount(49, "USD")).toEqual({ ok: false, reason: "Card payments in USD start at $0.50." });
    expect(toStripeAmount(174, "HUF")).toEqual({ ok: false, reason: "Card payments in HUF start at HUF\u00a0175." });
    expect(toStripeAmount(49, "JPY")).toEqual({ ok: false, reason: "Card payments in JPY start at ¥50." });
    expect(toStripeAmount(0, "EUR")).toMatchObject({ ok: false });
  });

  it("reads Stripe's amounts back into the invoice's units, never rounding up", () => {
    expect(fromStripeAmount(9_500_000, "ISK")).toBe(95_000);
    expect(fromStripeAmount(1_234_550, "HUF")).toBe(12_345);
    expect(fromStripeAmount(1200, "JPY")).toBe(1200);
    expect(fromStripeAmount(1_250_500, "KWD")).toBe(1_250_500);
    expect(fromStripeAmount(5000, "USD")).toBe(5000);
  });
});
