import { describe, expect, it } from "vitest";
import { parseInvoiceCommand, parseQuickInvoice } from "./parse.ts";

describe("quick invoice text", () => {
  it("reads customer, amount, description and due date", () => {
    expect(parseQuickInvoice("Acme Corp 1200 Website redesign due 2026-12-31")).toEqual({
      customer: "Acme Corp",
      amount: "1200",
      currency: null,
      description: "Website redesign",
      dueDate: "2026-12-31",
      dueInDays: null,
    });
  });

  it("takes separators, symbols, decimals and a currency code next to the amount", () => {
    expect(parseQuickInvoice("Müller & Söhne €1,250.50 EUR Logo")).toMatchObject({
      customer: "Müller & Söhne",
      amount: "1250.50",
      currency: "EUR",
      description: "Logo",
    });
    expect(parseQuickInvoice("Yamada JPY 180000 Localisation review")).toMatchObject({ customer: "Yamada", amount: "180000", currency: "JPY" });
  });

  it("understands due in N days, and leaves what is unclear empty", () => {
    expect(parseQuickInvoice("Acme 300 due in 14 days")).toMatchObject({ customer: "Acme", amount: "300", description: null, dueInDays: 14, dueDate: null });
    expect(parseQuickInvoice("Acme Corp")).toEqual({ customer: "Acme Corp", amount: null, currency: null, description: null, dueDate: null, dueInDays: null });
    expect(parseQuickInvoice("Acme 100 due 2026-02-30")).toMatchObject({ dueDate: null, description: "due 2026-02-30" });
    expect(parseQuickInvoice("")).toMatchObject({ customer: null, amount: null });
  });
});

describe("subcommands", () => {
  it("routes each subcommand and falls back to a quick invoice", () => {
    expect(parseInvoiceCommand("")).toEqual({ kind: "new", quick: expect.objectContaining({ customer: null }) });
    expect(parseInvoiceCommand("help")).toEqual({ kind: "help" });
    expect(parseInvoiceCommand("list")).toEqual({ kind: "list", view: "open", query: "" });
    expect(parseInvoiceCommand("LIST Overdue")).toEqual({ kind: "list", view: "overdue", query: "" });
    expect(parseInvoiceCommand("list Acme Corp paid")).toEqual({ kind: "list", view: "paid", query: "Acme Corp" });
    expect(parseInvoiceCommand("list inv-0042")).toEqual({ kind: "list", view: "all", query: "inv-0042" });
    expect(parseInvoiceCommand("list drafts")).toEqual({ kind: "list", view: "draft", query: "" });
    expect(parseInvoiceCommand("customers acme")).toEqual({ kind: "customers", query: "acme" });
    expect(parseInvoiceCommand("custmers")).toEqual({ kind: "unknown", word: "custmers", suggestion: "customers" });
    expect(parseInvoiceCommand("status INV-0042")).toEqual({ kind: "status", number: "INV-0042" });
    expect(parseInvoiceCommand("void 42")).toEqual({ kind: "void", number: "42" });
    expect(parseInvoiceCommand("link Acme Corp")).toEqual({ kind: "link", customer: "Acme Corp" });
    expect(parseInvoiceCommand("settings")).toEqual({ kind: "settings" });
    expect(parseInvoiceCommand("Acme 5")).toMatchObject({ kind: "new", quick: { customer: "Acme", amount: "5" } });
  });

  it("says what is missing in plain words", () => {
    expect(parseInvoiceCommand("list late")).toEqual({ kind: "list", view: "overdue", query: "" });
    expect(parseInvoiceCommand(`list ${"x".repeat(101)}`)).toEqual({ kind: "mistake", message: expect.stringContaining("at most 100 characters") });
    expect(parseInvoiceCommand("status")).toEqual({ kind: "mistake", message: "Which invoice? For example `/invoice status INV-0042`." });
    expect(parseInvoiceCommand("link")).toEqual({ kind: "mistake", message: expect.stringContaining("Which customer?") });
  });
});
