import { z } from "zod";
import type { CreateInvoiceInput } from "./invoice-input.ts";

/** What a quote's acceptance does next (the workspace's setting). */
export const quoteFollowUps = ["invoice", "draft", "none"] as const;
export type QuoteFollowUp = (typeof quoteFollowUps)[number];

/**
 * A new quote: the same content as an invoice (lines, taxes, discounts, notes, footer), a
 * validity date instead of a due date, and the share invoiced first as a deposit on acceptance.
 * `send: false` keeps it a draft.
 */
export type CreateQuoteInput = Omit<CreateInvoiceInput, "dueDate" | "issue" | "emailClient"> & {
  /** The last day the client can accept it; the workspace's validity days from the issue date when absent. */
  validUntil?: string | Date;
  /** Basis points of the quote invoiced first on acceptance (3000 = 30%); 0 or absent: all at once. */
  depositBps?: number;
  send?: boolean;
  /** Email the sent quote to the client (when they have an address). */
  emailClient?: boolean;
};

export const quoteExtras = z.object({
  depositBps: z
    .number({ error: "Deposit must be a number" })
    .int("Deposit must be whole basis points")
    .min(0, "Deposit cannot be negative")
    .max(9_900, "A deposit is at most 99% of the quote (100% is the whole quote)")
    .default(0),
  send: z.boolean().default(true),
  emailClient: z.boolean().default(true),
});

/** What the client types to accept: their name, and the terms ticked when the vendor set some. */
export const acceptanceInput = z.object({
  name: z.string().trim().min(1).max(200),
  termsAccepted: z.boolean(),
});

export const maxDeclineReason = 1000;
