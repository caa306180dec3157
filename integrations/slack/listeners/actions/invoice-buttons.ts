import { calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { IllegalTransitionError } from "#app/billing/errors.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { getInvoice } from "#app/billing/invoices.server.ts";
import { revokePortalLinks } from "#app/portal/access.server.ts";
import { requestClientEmail } from "#app/billing/reminders.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { Permission } from "#app/billing/permissions.ts";
import { actionsBlock, button, context, section } from "../../blocks/kit.ts";
import { creditNoteOf } from "#app/billing/credit-notes.server.ts";
import { actions } from "../../ids.ts";
import { invoiceMessage } from "../../store.ts";
import { paymentModal } from "../../blocks/payment-modal.ts";
import { formatAmountInput } from "#app/billing/money.ts";
import { day, escape, money } from "../../format.ts";
import { openView } from "../../calls.ts";
import { postInvoiceMessage, refreshCustomerMessages } from "../../invoice-card.ts";
import { clientInvoiceLink, previewLinks } from "../../links.ts";
import { emailAsked, guardedButton, slackActor, type ButtonArgs, type ButtonListener, type Deps, type Reply } from "../support.ts";
import { openVoidModal } from "../views/void-submit.ts";

/** A button about one invoice (its id in the value): the person must be allowed `permission`. */
export function invoiceButton(
  deps: Deps,
  permission: Permission,
  act: (args: ButtonArgs & { workspaceId: string; invoiceId: string; reply: Reply }) => Promise<unknown>,
): ButtonListener {
  return guardedButton(deps, permission, (args) => act({ ...args, invoiceId: args.id }));
}

const invoiceOf = (deps: Deps, workspaceId: string, invoiceId: string) =>
  Promise.all([getInvoice(deps.remit.db, workspaceId, invoiceId), getWorkspace(deps.remit.db, workspaceId)]);

/**
 * "Open PDF", "View as client", "Credit note": where the button is a link (in a message only
 * its reader sees), Slack still tells the app, which only acknowledges. In a channel's message
 * it is not: whoever presses it gets preview links of their own, which nobody else sees
 * (docs/decisions/154). Looking needs only being a member: guests get no link.
 */
export const previewButton = (deps: Deps): ButtonListener => {
  const previews = guardedButton(deps, "look", async ({ workspaceId, id, reply }) => {
    const invoice = await getInvoice(deps.remit.db, workspaceId, id);
    const [preview, creditNote] = await Promise.all([
      previewLinks(deps.remit, invoice),
      invoice.status === "void" ? creditNoteOf(deps.remit.db, workspaceId, invoice.id) : null,
    ]);
    const draft = invoice.status === "draft";
    await reply({
      text: `Previews of ${invoice.number} for you`,
      blocks: [
        section(`Previews of *${invoice.number}* for *${escape(invoice.customer.name)}*, for you alone: they are never counted as the client's views.`),
        actionsBlock([
          button(draft ? "Preview PDF" : "Open PDF", { actionId: actions.openPdf, url: preview.pdf, value: invoice.id }),
          button(draft ? "Preview as client" : "View as client", { actionId: actions.viewAsClient, url: preview.page, value: invoice.id }),
          ...(creditNote ? [button(`Credit note ${creditNote.number}`, { actionId: actions.openCreditNote, url: preview.creditNote, value: invoice.id })] : []),
        ]),
      ],
    });
  });
  return async (args) => (args.action.url ? args.ack() : previews(args));
};

/**
 * The answers to "this channel is shared / has guests: post the invoice here anyway, or send it
 * to me?" (invoice-card.ts). Posting shows the client's link, so it needs `issue`; an invoice
 * whose message is already posted (a second click) is not posted again.
 */
export const postAfterAsking = (deps: Deps, where: "here" | "me") =>
  invoiceButton(deps, "issue", async ({ workspaceId, invoiceId, body, client, respond }) => {
    const invoice = await getInvoice(deps.remit.db, workspaceId, invoiceId);
    const answer = (text: string) => respond({ response_type: "ephemeral", replace_original: true, text });
    if (await invoiceMessage(deps.remit.db, invoice.id)) return answer(`Invoice *${invoice.number}*'s message is already posted.`);
    const channel = where === "here" ? (body.channel?.id ?? null) : null;
    await postInvoiceMessage(client, deps.remit, workspaceId, invoice.id, { channel, userId: body.user.id, roleOf: deps.roles.roleOf, confirmed: true });
    await answer(channel ? `Invoice *${invoice.number}* is posted in <#${channel}>.` : `Invoice *${invoice.number}* is in your direct messages with Remit.`);
  });

/** "Copy link" / "Link to send": a client link alone in a message, easy to copy on any device. */
export const copyLink = (deps: Deps) =>
  invoiceButton(deps, "issue", async ({ workspaceId, invoiceId, reply }) => {
    const [invoice, workspace] = await invoiceOf(deps, workspaceId, invoiceId);
    const link = await clientInvoiceLink(deps.remit, invoice);
    await reply({
      text: `Link for ${escape(invoice.customer.name)}: ${link.url}`,
      blocks: [
        section(`Send this link to *${escape(invoice.customer.name)}* for invoice *${invoice.number}*:\n\`\`\`${link.url}\`\`\``),
        context(`It works until ${day(link.expiresAt, workspace.locale)}.`),
      ],
    });
  });

/** "Mark as paid": a form for a payment received outside Remit. */
export const markPaid = (deps: Deps) =>
  invoiceButton(deps, "mark_paid", async ({ workspaceId, invoiceId, body, client }) => {
    const [invoice, workspace] = await invoiceOf(deps, workspaceId, invoiceId);
    if (invoice.status !== "open" && invoice.status !== "uncollectible") {
      throw new IllegalTransitionError(`Invoice ${invoice.number} is ${invoice.status}: there is nothing left to pay.`);
    }
    const due = balanceDue(invoice);
    await openView(
      client,
      body.trigger_id,
      paymentModal({
        invoiceId: invoice.id,
        summary: `*${invoice.number}* · ${escape(invoice.customer.name)} · ${money(due, invoice.currency, workspace.locale)} due`,
        balance: formatAmountInput(due, invoice.currency, workspace.locale),
        currency: invoice.currency,
        today: formatCalendarDate(calendarDateIn(deps.remit.now(), workspace.timezone)),
      }),
    );
  });

const numbers = (list: string[]) => list.map((number) => `*${escape(number)}*`).join(", ");

/**
 * "New link": every link the customer has stops working; every invoice message of theirs that
 * showed one is redrawn with a fresh link, and the person is told which ones changed.
 */
export const newLink = (deps: Deps) =>
  invoiceButton(deps, "issue", async ({ workspaceId, invoiceId, client, reply, body }) => {
    const [invoice, workspace] = await invoiceOf(deps, workspaceId, invoiceId);
    await revokePortalLinks(deps.remit.db, workspaceId, invoice.customerId, { actor: slackActor(body.user.id), at: deps.remit.now() });
    const { updated, unreachable } = await refreshCustomerMessages(client, deps.remit, workspace, invoice.customerId);
    const link = await clientInvoiceLink(deps.remit, invoice);
    const customer = escape(invoice.customer.name);
    const notes = [
      ...(updated.length ? [`Updated with a new link in Slack: ${numbers(updated)}.`] : []),
      ...(unreachable.length ? [`Slack could not update the message of ${numbers(unreachable)} (deleted or out of reach): its old link no longer works.`] : []),
      `It works until ${day(link.expiresAt, workspace.locale)}.`,
    ];
    await reply({
      text: `New link for ${customer}: ${link.url}`,
      blocks: [section(`Links sent to *${customer}* before no longer work. Send this one instead:\n\`\`\`${link.url}\`\`\``), context(...notes)],
    });
  });

/** "Void" (on the message or after `/invoice void`): asks why, and whether to issue a corrected invoice instead (listeners/views/void-submit.ts). */
export const voidButton = (deps: Deps) =>
  invoiceButton(deps, "void", async ({ workspaceId, invoiceId, body, client }) => {
    await openVoidModal(deps, client, { triggerId: body.trigger_id, workspaceId, invoiceId, channel: body.channel?.id ?? null });
  });

/** "Email to client" / "Resend to client" and "Send reminder": a new email now, whoever pressed it recorded. */
export const emailClient = (deps: Deps, message: "invoice" | "reminder") =>
  invoiceButton(deps, "issue", async ({ workspaceId, invoiceId, reply, body }) => {
    const asked = await requestClientEmail(deps.remit.db, workspaceId, invoiceId, message, deps.remit.now(), slackActor(body.user.id));
    await reply(emailAsked(asked, message));
  });
