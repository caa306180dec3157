import type { QuoteStatus } from "#app/generated/prisma/client.ts";
import type { DocumentWords } from "./context.server.ts";

/** The invoice words a quote prints differently, found under `quotes:document.*`. */
const quoteKeys = new Set(["title", "documentTitle", "subject", "number", "dueDate", "amountDue", "balanceDue", "dueOn", "continued", "footer", "billTo"]);

/**
 * A quote is drawn by the invoice templates with a quote's words: "Quote" for "Invoice",
 * "Valid until" for the due date, and its own status. Every other word is the invoice's.
 */
export function quoteWords(t: DocumentWords, status: QuoteStatus): DocumentWords {
  const words = (key: string | string[], options?: Record<string, unknown>) => {
    if (typeof key === "string") {
      const own = /^invoice\.(\w+)$/.exec(key)?.[1];
      if (own && quoteKeys.has(own)) return t(`quotes:document.${own}` as never, options as never);
      if (key.startsWith("common:status.")) return t(`quotes:status.${status}` as never);
    }
    return t(key as never, options as never);
  };
  return words as unknown as DocumentWords;
}
