import { distance } from "fastest-levenshtein";
import { parseCalendarDate } from "#app/platform/calendar.ts";
import { isKnownCurrency } from "#app/billing/money.ts";
import { invoiceViews, type InvoiceView } from "#app/billing/receivables.server.ts";

/** What `/invoice some text` prefills in the new invoice form: only what is clear. */
export interface QuickInvoice {
  customer: string | null;
  /** As typed, in major units without separators: "1200.50". */
  amount: string | null;
  currency: string | null;
  description: string | null;
  dueDate: string | null;
  dueInDays: number | null;
}

export type InvoiceCommand =
  | { kind: "new"; quick: QuickInvoice }
  /** `/invoice quote Acme 1200 Website`: the same form, making a quote. */
  | { kind: "quote"; quick: QuickInvoice }
  | { kind: "help" }
  | { kind: "list"; view: InvoiceView; query: string }
  | { kind: "status"; number: string }
  | { kind: "link"; customer: string }
  | { kind: "customers"; query: string }
  | { kind: "void"; number: string }
  | { kind: "remind"; number: string }
  | { kind: "settings" }
  | { kind: "recurring" }
  | { kind: "mistake"; message: string }
  /** A word close to a subcommand, with nothing else that reads as an invoice: ask, with help. */
  | { kind: "unknown"; word: string; suggestion: string };

export const subcommands = ["new", "quote", "list", "status", "link", "void", "remind", "customers", "settings", "help", "recurring"] as const;

/** The subcommand a mistyped word was meant to be: one edit away (two for longer words). */
function closeSubcommand(word: string): string | null {
  const typed = word.toLowerCase();
  if (typed.length < 3) return null;
  let best: { name: string; edits: number } | null = null;
  for (const name of subcommands) {
    const edits = distance(typed, name);
    if (edits > (name.length >= 6 ? 2 : 1)) continue;
    if (!best || edits < best.edits) best = { name, edits };
  }
  return best?.name ?? null;
}

const amountToken = /^[$€£¥]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
const currencyToken = (token: string | undefined) => token !== undefined && /^[A-Z]{3}$/.test(token) && isKnownCurrency(token);

/**
 * `/invoice Acme Corp 1200 Website redesign due 2026-12-31`: the customer is what comes before
 * the first amount, the description what follows it; "due YYYY-MM-DD" or "due in N days" sets
 * the due date, a currency code next to the amount the currency.
 */
export function parseQuickInvoice(text: string): QuickInvoice {
  let rest = text.trim();
  let dueDate: string | null = null;
  let dueInDays: number | null = null;
  const date = /\bdue\s+(?:on\s+)?(\d{4}-\d{2}-\d{2})\b/i.exec(rest);
  const within = /\bdue\s+in\s+(\d{1,3})\s+days?\b/i.exec(rest);
  if (date && parseCalendarDate(date[1]!)) {
    dueDate = date[1]!;
    rest = rest.replace(date[0], " ");
  } else if (within) {
    dueInDays = Number(within[1]);
    rest = rest.replace(within[0], " ");
  }
  const tokens = rest.split(/\s+/).filter(Boolean);
  const at = tokens.findIndex((token) => amountToken.test(token));
  if (at === -1) return { customer: tokens.join(" ") || null, amount: null, currency: null, description: null, dueDate, dueInDays };

  let before = tokens.slice(0, at);
  let after = tokens.slice(at + 1);
  let currency: string | null = null;
  if (currencyToken(after[0])) [currency, ...after] = after as [string, ...string[]];
  else if (currencyToken(before.at(-1))) {
    currency = before.at(-1)!;
    before = before.slice(0, -1);
  }
  return {
    customer: before.join(" ") || null,
    amount: tokens[at]!.replace(/[$€£¥,]/g, ""),
    currency,
    description: after.join(" ") || null,
    dueDate,
    dueInDays,
  };
}

/** Words people use for a list's status. */
const viewAliases: Record<string, InvoiceView | undefined> = { late: "overdue", unpaid: "open", drafts: "draft", voided: "all", void: "all" };

/** Reads the text after `/invoice`: a subcommand, or a quick invoice. */
export function parseInvoiceCommand(text: string): InvoiceCommand {
  const trimmed = text.trim();
  const [word = "", ...rest] = trimmed.split(/\s+/);
  const argument = rest.join(" ").trim();
  switch (word.toLowerCase()) {
    case "help":
      return { kind: "help" };
    case "settings":
      return { kind: "settings" };
    case "recurring":
      return { kind: "recurring" };
    case "list": {
      // `list overdue`, `list Acme`, `list acme paid`, `list INV-0042`: a status word and/or what to search for.
      const words = argument.split(/\s+/).filter(Boolean);
      const viewOf = (candidate: string) => {
        const word = candidate.toLowerCase();
        return (invoiceViews as readonly string[]).includes(word) ? (word as InvoiceView) : viewAliases[word];
      };
      const isView = (candidate: string) => viewOf(candidate) !== undefined;
      const named = words.map(viewOf).find((view) => view !== undefined);
      const query = words.filter((candidate) => !isView(candidate)).join(" ");
      if (query.length > 100) return { kind: "mistake", message: "Search for at most 100 characters: part of a customer's name or an invoice number." };
      return { kind: "list", view: named ?? (query ? "all" : "open"), query };
    }
    case "status":
    case "void":
    case "remind":
      return argument
        ? { kind: word.toLowerCase() as "status" | "void" | "remind", number: argument }
        : { kind: "mistake", message: `Which invoice? For example \`/invoice ${word.toLowerCase()} INV-0042\`.` };
    case "link":
      return argument ? { kind: "link", customer: argument } : { kind: "mistake", message: "Which customer? For example `/invoice link Acme Corp`." };
    case "new":
      return { kind: "new", quick: parseQuickInvoice(argument) };
    case "quote":
      return { kind: "quote", quick: parseQuickInvoice(argument) };
    case "customers":
      return argument.length > 100
        ? { kind: "mistake", message: "Search for at most 100 characters of a customer's name or email." }
        : { kind: "customers", query: argument };
    default: {
      const quick = parseQuickInvoice(trimmed);
      // "lst" or "stats NW-0017" is a typo, not a customer; "Lisa 1200 Logo" has an amount and is an invoice.
      const suggestion = quick.amount === null ? closeSubcommand(word) : null;
      return suggestion ? { kind: "unknown", word, suggestion } : { kind: "new", quick };
    }
  }
}
