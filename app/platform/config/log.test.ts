import { describe, expect, it } from "vitest";
import { createRepeatFilter, redactTokens } from "./log.server.ts";

const token = "eyJhbGciOiJIUzI1NiIsImtpZCI6InRlc3QifQ.eyJ3cyI6IndzXzEiLCJjdXMiOiJjXzEifQ.c2lnbmF0dXJlLW9mLXRoZS1saW5r";

describe("redactTokens", () => {
  it("removes portal tokens from paths, encoded paths and anywhere a JWT appears", () => {
    expect(redactTokens(`GET /p/${token}/invoices/abc/pdf 404`)).toBe("GET /p/[redacted]/invoices/abc/pdf 404");
    expect(redactTokens(`No route matches URL "/p/${token}/invoices"`)).toBe('No route matches URL "/p/[redacted]/invoices"');
    expect(redactTokens(`/x?next=%2Fp%2F${token}%2Finvoices`)).toBe("/x?next=%2Fp%2F[redacted]%2Finvoices");
    expect(redactTokens(`{"link":"${token}"}`)).toBe('{"link":"[redacted]"}');
    expect(redactTokens("GET /pay/p 200 /healthz")).toBe("GET /pay/p 200 /healthz");
  });
});

describe("createRepeatFilter", () => {
  it("writes an error once per window and then how often it repeated", () => {
    let now = 0;
    const filter = createRepeatFilter(10_000, () => now);
    const error = { error: "Connection terminated unexpectedly" };
    expect(filter.admit("error", "Outbox dispatcher failed", error)).toBe(true);
    for (let i = 0; i < 499; i++) expect(filter.admit("error", "Outbox dispatcher failed", error)).toBe(false);
    expect(filter.admit("error", "Outbox dispatcher failed", { error: "another cause" }), "a different error is its own line").toBe(true);
    expect(filter.admit("info", "Outbox dispatcher failed", error), "info lines are never held back").toBe(true);
    now = 5_000;
    expect(filter.flush(), "the window has not ended").toEqual([]);
    now = 10_000;
    expect(filter.flush()).toEqual([{ level: "error", message: "Outbox dispatcher failed", repeated: 499, windowMs: 10_000 }]);
    expect(filter.admit("error", "Outbox dispatcher failed", error), "a new window writes again").toBe(true);
  });
});
