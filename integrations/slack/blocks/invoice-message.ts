import type { AuditEntry } from "#app/billing/audit.server.ts";
import { changeWords } from "#app/billing/audit-words.ts";
import type { InvoiceStatus } from "#app/billing/invoice-status.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import type { AllocatedPart } from "#app/billing/instalments.ts";
import { instalmentsText, planButtons, scheduleNote } from "../recurring/blocks.ts";
import { day, escape, fitted, money, plural } from "../format.ts";
import type { types } from "@slack/bolt";
import { actions, moreChoices } from "../ids.ts";
import type { PortalLink, PreviewLinks } from "../links.ts";
import { actionsBlock, button, context, fields, limits, option, section, type Block, type Button } from "./kit.ts";

/** What a message shows of an invoice: its number, state and money. */
export interface InvoiceFigures {
  id: string;
  number: string;
  status: InvoiceStatus;
  currency: string;
  total: number;
  amountPaid: number;
  dueDate: Date;
  paidAt: Date | null;
}

export interface InvoiceCard {
  invoice: InvoiceFigures & { voidedAt: Date | null };
  customerName: string;
  /** The client's address, and what was emailed to it about this invoice. */
  emailed: { to: string | null; lastAt: Date | null; reminders: number };
  locale: string;
  daysLate: number;
  /** The link to send the client; none once nothing is left to pay. */
  clientLink: PortalLink | null;
  /**
   * The vendor's preview links, in a message only the person who asked sees (`/invoice status`);
   * null in a channel's message, whose preview buttons answer each person with links of their own.
   */
  preview: PreviewLinks | null;
  /** The credit note that cancelled this invoice (docs/decisions/152), and the invoice replacing it. */
  creditNote: { number: string; replacedBy: string | null } | null;
  /** Who changed the invoice, oldest first. */
  changes: AuditEntry[];
  /** A payment recorded by hand that can still be undone. */
  reversible: boolean;
  /** The recurring schedule that issued it (app/billing/schedules.server.ts), if any. */
  schedule?: { id: string; name: string; occurrence: number } | null;
  /** Its instalments with what is paid of each, when split (app/billing/instalments.ts). */
  instalments?: AllocatedPart[];
  /** The engagement line (collections/blocks.ts), for an open invoice; null otherwise. */
  engagement?: string | null;
  /** A card payment has something left to refund. */
  refundable: boolean;
}

/** How many of the latest changes the message's context line shows; `/invoice status` shows them all. */
const changesShown = 4;

/** A person in Slack as a mention; other actors in words. */
export function actorName(actor: string): string {
  if (actor.startsWith("slack:")) return `<@${escape(actor.slice("slack:".length))}>`;
  if (actor === "cli") return "the command line";
  if (actor === "stripe") return "Stripe";
  return escape(actor);
}

/** One change in words: "Issued by <@U1> on Nov 20, 2026". */
export function changeText(change: AuditEntry, currency: string, locale: string): string {
  return changeWords(change, {
    who: actorName,
    money: (amount) => money(amount, currency, locale),
    day: (at) => day(at, locale),
    reason: (text) => `“${escape(text)}”`,
  });
}

export function statusText(card: Pick<InvoiceCard, "invoice" | "locale" | "daysLate">): string {
  const { invoice, locale, daysLate } = card;
  const amount = (value: number) => money(value, invoice.currency, locale);
  switch (invoice.status) {
    case "paid":
      return `:white_check_mark: Paid${invoice.paidAt ? ` on ${day(invoice.paidAt, locale)}` : ""}`;
    case "void":
      return ":no_entry_sign: Void";
    case "draft":
      return "Draft";
    case "uncollectible":
      return "Marked uncollectible";
    case "open":
      if (daysLate > 0) return `:red_circle: Overdue, ${plural(daysLate, "day")} late`;
      return invoice.amountPaid > 0 ? `Partly paid: ${amount(invoice.amountPaid)} of ${amount(invoice.total)}` : "Open";
  }
}

/**
 * "Email to client" (or "Resend to client") and "Send reminder", when the client has an address.
 * Remit sends each of its own emails once; a person pressing sends a new one, so the dialog says so.
 */
function emailButtons(card: InvoiceCard): Button[] {
  const { invoice, emailed, locale } = card;
  if (!emailed.to) return [];
  const to = emailed.to;
  const send = emailed.lastAt
    ? button("Resend to client", {
        actionId: actions.sendToClient,
        value: invoice.id,
        confirm: {
          title: "Email the invoice again?",
          text: fitted(
            limits.confirmText,
            to,
            (address) =>
              `It was emailed to ${address} on ${day(emailed.lastAt ?? invoice.dueDate, locale)}. Remit never sends the same email twice on its own; this sends a new one now.`,
          ),
          confirm: "Send again",
        },
      })
    : button("Email to client", { actionId: actions.sendToClient, value: invoice.id });
  if (invoice.status !== "open" || balanceDue(invoice) === 0) return [send];
  const remind = button("Send reminder", {
    actionId: actions.remindClient,
    value: invoice.id,
    confirm: {
      title: "Send a reminder now?",
      text: fitted(
        limits.confirmText,
        to,
        (address) =>
          `${address} gets a reminder of what is left to pay now, besides the scheduled ones${emailed.reminders ? ` (${plural(emailed.reminders, "reminder")} sent so far)` : ""}.`,
      ),
      confirm: "Send reminder",
    },
  });
  return [send, remind];
}

/** Customer, number, total, due date, status and the link, with the buttons that fit the status. */
export function invoiceMessage(card: InvoiceCard): { text: string; blocks: Block[] } {
  const { invoice, locale, preview, clientLink } = card;
  const total = money(invoice.total, invoice.currency, locale);
  const due = day(invoice.dueDate, locale);
  const customer = escape(card.customerName);
  const payable = invoice.status === "open" || invoice.status === "uncollectible";

  const blocks: Block[] = [
    section(`:receipt: Invoice *${invoice.number}* for *${customer}*`),
    fields(
      `*Amount*\n${total}`,
      `*Due*\n${due}`,
      `*Status*\n${statusText(card)}`,
      ...(payable && invoice.amountPaid > 0 ? [`*Balance due*\n${money(balanceDue(invoice), invoice.currency, locale)}`] : []),
    ),
  ];
  const parts = card.instalments ?? [];
  if (parts.length && invoice.status !== "void") blocks.push(section(instalmentsText(parts, invoice.currency, locale)));
  if (clientLink) {
    // In code, so the link is easy to copy and a click by the vendor is not counted as the client's view.
    blocks.push(section(`*Link for ${customer}*\n\`${clientLink.url}\``));
  }
  const { emailed } = card;
  const notes = [
    ...(card.schedule ? [scheduleNote(card.schedule)] : []),
    ...(emailed.lastAt && emailed.to ? [`Emailed to ${escape(emailed.to)} on ${day(emailed.lastAt, locale)}`] : []),
    ...(!emailed.to && payable ? [`${customer} has no email address: send the link yourself`] : []),
    ...(emailed.reminders ? [plural(emailed.reminders, "reminder") + " sent"] : []),
    ...(clientLink ? [`Link works until ${day(clientLink.expiresAt, locale)}`] : []),
    ...card.changes.slice(-changesShown).map((change) => changeText(change, invoice.currency, locale)),
  ];
  if (card.creditNote) {
    const { number, replacedBy } = card.creditNote;
    notes.unshift(`Cancelled by credit note ${escape(number)}${replacedBy ? `, replaced by ${escape(replacedBy)}` : ""}`);
  }
  if (notes.length) blocks.push(context(notes.join(" · ")));
  if (card.engagement) blocks.push(context(card.engagement));

  if (invoice.status === "draft") {
    blocks.push(actionsBlock(draftButtons(invoice, card.customerName, preview), `invoice_${invoice.id}`));
    return { text: `Draft invoice ${invoice.number} for ${customer}: ${total}, due ${due}`, blocks };
  }
  const buttons: (Button | types.Overflow)[] = [
    previewButton("Open PDF", actions.openPdf, invoice.id, preview?.pdf),
    previewButton("View as client", actions.viewAsClient, invoice.id, preview?.page),
  ];
  if (card.creditNote) buttons.push(previewButton(`Credit note ${card.creditNote.number}`, actions.openCreditNote, invoice.id, preview?.creditNote));
  if (payable) {
    buttons.push(
      button("Copy link", { actionId: actions.copyLink, value: invoice.id }),
      button("Mark as paid", { actionId: actions.markPaid, value: invoice.id, style: "primary" }),
      ...emailButtons(card),
      button("New link", {
        actionId: actions.newLink,
        value: invoice.id,
        confirm: {
          title: "Replace the client's links?",
          text: fitted(
            limits.confirmText,
            card.customerName,
            (name) => `Every link already sent to ${name} stops working, and every Slack message showing one gets a new one.`,
          ),
          confirm: "Issue new link",
        },
      }),
      // Opens a form that asks why, and offers a corrected invoice in its place.
      button("Void or correct", { actionId: actions.void, value: invoice.id, style: "danger" }),
    );
  }
  buttons.push(moreMenu(card), ...planButtons(invoice.id, payable));
  blocks.push(actionsBlock(buttons, `invoice_${invoice.id}`));
  const status = invoice.status === "open" ? "" : ` (${invoice.status})`;
  // The notification text is mrkdwn too: a name like "<!channel>" must not ping anyone.
  return { text: `Invoice ${invoice.number} for ${customer}: ${total}, due ${due}${status}`, blocks };
}

/**
 * A vendor's preview (never the client's view): a link where only the person who asked sees it,
 * else a button that answers whoever presses it with a link of their own (docs/decisions/154).
 */
function previewButton(label: string, actionId: string, invoiceId: string, url: string | undefined): Button {
  return button(label, { actionId, value: invoiceId, ...(url ? { url } : {}) });
}

/** A draft: previews that are never the client's views, then issue, edit or discard it (its message, and its row in `/invoice list draft`). */
export function draftButtons(invoice: { id: string; number: string }, customerName: string, preview: PreviewLinks | null): Button[] {
  return [
    previewButton("Preview PDF", actions.openPdf, invoice.id, preview?.pdf),
    previewButton("Preview as client", actions.viewAsClient, invoice.id, preview?.page),
    button("Issue", {
      actionId: actions.issueDraft,
      value: invoice.id,
      style: "primary",
      confirm: {
        title: `Issue ${invoice.number}?`,
        text: fitted(
          limits.confirmText,
          customerName,
          (name) => `${name} can see and pay it from then on, and it can no longer be edited (void it and issue another to correct it).`,
        ),
        confirm: "Issue invoice",
      },
    }),
    button("Edit", { actionId: actions.editDraft, value: invoice.id }),
    button("Discard", {
      actionId: actions.discardDraft,
      value: invoice.id,
      style: "danger",
      confirm: {
        title: `Discard draft ${invoice.number}?`,
        text: "The draft is voided: the client never sees it, and its number stays accounted for.",
        confirm: "Discard draft",
      },
    }),
  ];
}

/**
 * "Duplicate" (start an invoice like this one), and with a payment marked paid by hand or a card
 * payment to refund, a "More" menu that also offers those (an overflow menu takes two to five options).
 */
function moreMenu(card: InvoiceCard): Button | types.Overflow {
  const { invoice } = card;
  if (!card.reversible && !card.refundable) return button("Duplicate", { actionId: actions.duplicate, value: invoice.id });
  return {
    type: "overflow",
    action_id: actions.more,
    options: [
      option("Duplicate", `${moreChoices.duplicate}:${invoice.id}`),
      ...(card.reversible ? [option("Undo a payment marked paid", `${moreChoices.undoPayment}:${invoice.id}`)] : []),
      ...(card.refundable ? [option("Refund a card payment", `${moreChoices.refund}:${invoice.id}`)] : []),
    ],
  };
}
