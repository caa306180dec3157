import type { AuditAction } from "#app/generated/prisma/client.ts";

/** How a place that shows the audit trail writes its parts (Slack: mentions and escaped text; Notion: plain words). */
export interface ChangeWriter {
  /** The person or process that acted ("slack:U0123", "cli", "stripe"). */
  who(actor: string): string;
  money(amount: number): string;
  day(at: Date): string;
  /** A reason in the person's words, as shown (quoted, escaped where it must be). */
  reason(text: string): string;
}

/** An actor in plain words, where a Slack mention cannot be shown (Notion). */
export function actorWords(actor: string): string {
  if (actor.startsWith("slack:")) return `Slack user ${actor.slice("slack:".length)}`;
  if (actor === "cli") return "the command line";
  if (actor === "stripe") return "Stripe";
  return actor;
}

/** One change in words: "Issued by <who> on <day>", "$10.00 marked paid by …": one home for Slack and Notion. */
export function changeWords(
  change: { action: AuditAction; actor: string; amount: number | null; reason: string | null; createdAt: Date },
  write: ChangeWriter,
): string {
  const who = write.who(change.actor);
  const when = write.day(change.createdAt);
  const why = change.reason ? `: ${write.reason(change.reason)}` : "";
  const amount = (otherwise: string) => (change.amount === null ? otherwise : write.money(change.amount));
  switch (change.action) {
    case "invoice_issued":
      return `Issued by ${who} on ${when}`;
    case "invoice_drafted":
      return `Drafted by ${who} on ${when}`;
    case "invoice_voided":
      return `Voided by ${who} on ${when}${why}`;
    case "payment_recorded":
      return `${amount("Payment")} marked paid by ${who} on ${when}`;
    case "links_renewed":
      return `Link renewed by ${who} on ${when}`;
    case "invoice_edited":
      return `Draft edited by ${who} on ${when}`;
    case "customer_updated":
      return `Client details changed by ${who} on ${when}`;
    case "payment_reversed":
      return `${amount("Payment")} undone by ${who} on ${when}${why}`;
    case "payment_refunded":
      return `${amount("Card payment")} refunded by ${who} on ${when}${why}`;
    case "invoice_emailed":
      return `Emailed to the client by ${who} on ${when}`;
    case "reminder_emailed":
      return `Reminder emailed by ${who} on ${when}`;
    case "email_resent":
      return `Refused email sent again by ${who} on ${when}`;
    case "customer_email_changed":
      return `Client's address changed by ${who} on ${when}`;
    case "portal_link_emailed":
      return `Link emailed to the client by ${who} on ${when}`;
  }
}
