// Whether and how much a client may pay online. Pure, so the portal can use it to decide
// what to show and startCheckout uses the same rules to enforce it.
import { ValidationError } from "./errors.ts";
import { balanceDue } from "./invoice-math.ts";
import type { InvoiceStatus } from "./invoice-status.ts";
import { formatMoney, parseAmount } from "./money.ts";

export type PayBlocker = "not-configured" | "draft" | "paid" | "void" | "nothing-due" | "processing" | "unchargeable";

export interface PaymentOptions {
  /** Whether to show a Pay button. */
  canPay: boolean;
  /** Why not, when not. "not-configured" and "processing" are worth telling the client; the others mean no button. */
  blocker: PayBlocker | null;
  balance: number;
  currency: string;
  /** The client may choose an amount up to the balance. */
  partial: boolean;
  /** The smallest amount accepted (the balance itself when partial payments are off or it is smaller). */
  minimum: number;
  /** Why the provider cannot charge the balance (its currency rules), in words; null when it can. */
  unchargeable: string | null;
  /**
   * What Pay charges unless the client chooses: the next instalment's part still unpaid on a
   * split invoice (docs/decisions/131), otherwise the balance. Always accepted.
   */
  suggested: number;
  /** The instalment Pay is for, on a split invoice (position 1 of `count`), or null. */
  instalment: { position: number; count: number; dueDate: Date } | null;
}

export function paymentOptions(
  invoice: { status: InvoiceStatus; total: number; amountPaid: number; currency: string },
  workspace: { allowPartialPayments: boolean; minimumPartialAmount: number | null },
  online: { configured: boolean; processing?: boolean; unchargeable?: string | null },
  /** A split invoice's parts with what payments cover of each (allocatePayments); none otherwise. */
  parts: readonly { position: number; remaining: number; dueDate: Date }[] = [],
): PaymentOptions {
  const balance = balanceDue(invoice);
  const unchargeable = online.unchargeable ?? null;
  const blocker: PayBlocker | null =
    invoice.status === "draft" || invoice.status === "paid" || invoice.status === "void"
      ? invoice.status
      : balance === 0
        ? "nothing-due"
        : online.processing
          ? "processing"
          : !online.configured
            ? "not-configured"
            : unchargeable && !workspace.allowPartialPayments
              ? "unchargeable"
              : null;
  const partial = workspace.allowPartialPayments && blocker === null;
  const minimum = partial ? Math.min(balance, Math.max(1, workspace.minimumPartialAmount ?? 1)) : balance;
  const next = parts.find((part) => part.remaining > 0);
  const instalment = next && balance > 0 ? { position: next.position, count: parts.length, dueDate: next.dueDate } : null;
  const suggested = next && balance > 0 ? Math.min(next.remaining, balance) : balance;
  return { canPay: blocker === null, blocker, balance, currency: invoice.currency, partial, minimum, unchargeable, suggested, instalment };
}

const blockerMessages: Record<PayBlocker, string> = {
  "not-configured": "Online payment is not set up for this invoice. Please contact the sender to pay another way.",
  draft: "This invoice has not been issued yet.",
  paid: "This invoice is already paid.",
  void: "This invoice was voided: there is nothing to pay.",
  "nothing-due": "Nothing is left to pay on this invoice.",
  processing: "A bank payment for this invoice is being processed: this can take a few business days.",
  unchargeable: "Online payment cannot charge this balance. Please contact the sender to pay another way.",
};

export function blockerMessage(blocker: PayBlocker): string {
  return blockerMessages[blocker];
}

/**
 * The amount to charge: the suggested amount (the next instalment, or the whole balance) when
 * `requested` is empty; the next instalment and the whole balance are always accepted. Otherwise what the client
 * chose. A number is minor units; a string is what a person typed, read in their locale ("150,00" in de-DE).
 */
export function chooseAmount(options: PaymentOptions, requested: number | string | null | undefined, locale = "en-US"): number {
  const money = (amount: number) => formatMoney(amount, options.currency, locale);
  if (requested === null || requested === undefined || (typeof requested === "string" && requested.trim() === "")) {
    return options.suggested;
  }
  let amount: number;
  if (typeof requested === "number") amount = requested;
  else {
    const typed = parseAmount(requested, options.currency, locale);
    if (!typed.ok) throw new ValidationError({ amount: typed.error });
    amount = typed.amount;
  }
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new ValidationError({ amount: `Enter an amount such as ${money(options.balance)}` });
  }
  if (amount > options.balance) {
    throw new ValidationError({ amount: `You can pay at most ${money(options.balance)}, the balance due` });
  }
  if (amount === options.balance || amount === options.suggested) return amount;
  if (!options.partial) {
    throw new ValidationError({ amount: `This invoice is paid in full: ${money(options.balance)}` });
  }
  if (amount < options.minimum) {
    throw new ValidationError({ amount: `The smallest payment accepted is ${money(options.minimum)}` });
  }
  return amount;
}
