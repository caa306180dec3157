import type { Middleware, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { calendarDateIn } from "#app/platform/calendar.ts";
import { IllegalTransitionError, NotFoundError } from "#app/billing/errors.ts";
import { canTransition } from "#app/billing/invoice-status.ts";
import { requestClientEmail } from "#app/billing/reminders.server.ts";
import { invoiceViewStats, listInvoicePage, type InvoiceView } from "#app/billing/receivables.server.ts";
import { emailsOf } from "#app/billing/invoice-summary.server.ts";
import { invoiceTimeline } from "#app/billing/engagement.server.ts";
import { timelineText } from "../../collections/blocks.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { Permission } from "#app/billing/permissions.ts";
import { helpMessage } from "../../blocks/help.ts";
import { openView } from "../../calls.ts";
import { changeText, invoiceMessage } from "../../blocks/invoice-message.ts";
import { actionsBlock, button, context, section } from "../../blocks/kit.ts";
import { listMessage, listPageSize } from "../../blocks/list.ts";
import { day, escape, money, plural } from "../../format.ts";
import { actions } from "../../ids.ts";
import { loadInvoiceCard } from "../../invoice-card.ts";
import { customerLink, previewLinks } from "../../links.ts";
import { settingsExtras, settingsModal } from "../../settings/modal.ts";
import { findNamedCustomer, openInvoiceModal } from "../invoice-modal.ts";
import { invoiceByNumber } from "../invoice-lookup.ts";
import { answering, emailAsked, replier, slackActor, type Deps, type Message, type RemitContext } from "../support.ts";
import { parseInvoiceCommand } from "./parse.ts";
import { customerList } from "../customers.ts";
import { recurringList } from "../../recurring/listeners.ts";

/** One page of `/invoice list`. */
export async function invoiceList(deps: Deps, workspaceId: string, view: InvoiceView, page: number, query = ""): Promise<Message> {
  const { db, now } = deps.remit;
  const workspace = await getWorkspace(db, workspaceId);
  const { invoices, total, pages } = await listInvoicePage(db, workspaceId, view, page, listPageSize, now(), query);
  const drafts = invoices.filter((invoice) => invoice.status === "draft");
  const previews = new Map(await Promise.all(drafts.map(async (draft) => [draft.id, await previewLinks(deps.remit, draft)] as const)));
  return listMessage({ view, query, page, pages, total, invoices, previews, locale: workspace.locale, today: calendarDateIn(now(), workspace.timezone) });
}

/** How many of an invoice's emails `/invoice status` lists. */
const emailsShown = 20;
/** How many of the latest moments of its timeline. */
const timelineShown = 25;

/** `/invoice status`: the invoice message, then every payment, every change and the client's views. */
async function invoiceStatus(deps: Deps, workspaceId: string, number: string): Promise<Message> {
  const found = await invoiceByNumber(deps, workspaceId, number);
  const [{ card, workspace, invoice }, stats] = await Promise.all([
    loadInvoiceCard(deps.remit, workspaceId, found.id, "person"),
    invoiceViewStats(deps.remit.db, found.id),
  ]);
  const message = invoiceMessage(card);
  const { locale } = workspace;
  const amount = (value: number) => money(value, invoice.currency, locale);
  const online = await deps.remit.paymentReferences.payments(
    deps.remit.db,
    invoice.payments.map((payment) => payment.id),
  );
  const payments = invoice.payments.map((payment) => {
    const refunded = payment.amountRefunded > 0 ? `, ${amount(payment.amountRefunded)} refunded` : "";
    // Payouts are the vendor's business: the payment's id, opening it in their own Stripe Dashboard.
    const intent = online.get(payment.id)?.paymentIntentId;
    const stripe = intent ? ` · Stripe ${deps.remit.stripe ? `<${deps.remit.stripe.paymentUrl(intent)}|${escape(intent)}>` : escape(intent)}` : "";
    return `• ${amount(payment.amount)} by ${escape(payment.method)}${payment.paidAt ? ` on ${day(payment.paidAt, locale)}` : ""}${refunded} · receipt ${escape(payment.receiptNumber ?? "")}${stripe}`;
  });
  const history = card.changes.map((change) => `• ${changeText(change, invoice.currency, locale)}`);
  // The latest emails the client had about it; the message itself shows the last one and the reminder count.
  const emails = (await emailsOf(deps.remit.db, found.id))
    .slice(-emailsShown)
    .map((email) => `• ${email.kind === "reminder_sent" ? "Reminder" : "Email"} on ${day(email.createdAt, locale)}`);
  // The invoice's story, the latest moments (a section holds 3,000 characters).
  const timeline = (await invoiceTimeline(deps.remit.db, workspaceId, found.id))
    .slice(-timelineShown)
    .map((entry) => `• ${timelineText(entry, invoice.currency, locale, workspace.timezone)}`);
  const seen = stats.lastViewedAt ? `Viewed ${plural(stats.views, "time")}, last on ${day(stats.lastViewedAt, locale)}` : "Not viewed by the client yet";
  return {
    text: message.text,
    blocks: [
      ...message.blocks,
      ...(payments.length ? [section(`*Payments*\n${payments.join("\n")}`)] : []),
      ...(history.length ? [section(`*History*\n${history.join("\n")}`)] : []),
      ...(timeline.length ? [section(`*Timeline*\n${timeline.join("\n")}`)] : []),
      ...(emails.length ? [section(`*Emails to ${escape(card.emailed.to ?? card.customerName)}*\n${emails.join("\n")}`)] : []),
      context(seen),
    ],
  };
}

async function portalLinkFor(deps: Deps, workspaceId: string, name: string): Promise<Message> {
  const { customer, matches } = await findNamedCustomer(deps, workspaceId, name);
  if (!customer && !matches.length) throw new NotFoundError(`No customer is called "${name}". Create one with \`/invoice\`.`);
  if (!customer) {
    const names = matches.map((match) => match.name).join(", ");
    return { text: `Several customers match "${escape(name)}": ${escape(names)}. Write more of the name.` };
  }
  const link = await customerLink(deps.remit, { workspaceId, customerId: customer.id });
  const workspace = await getWorkspace(deps.remit.db, workspaceId);
  return {
    text: `Portal link for ${escape(customer.name)}`,
    blocks: [
      section(`Here is a portal link for *${escape(customer.name)}*, to paste into an email:\n\`\`\`${link.url}\`\`\``),
      context(`It works until ${day(link.expiresAt, workspace.locale)}. Links sent earlier keep working.`),
    ],
  };
}

/** Voiding cannot be undone, so `/invoice void` asks once more with a button. */
async function confirmVoid(deps: Deps, workspaceId: string, number: string): Promise<Message> {
  const invoice = await invoiceByNumber(deps, workspaceId, number);
  if (!canTransition(invoice.status, "void")) throw new IllegalTransitionError(`Invoice ${invoice.number} is ${invoice.status} and cannot be voided.`);
  const { card } = await loadInvoiceCard(deps.remit, workspaceId, invoice.id, "person");
  const total = money(invoice.total, invoice.currency, card.locale);
  return {
    text: `Void invoice ${invoice.number}?`,
    blocks: [
      section(
        `Void invoice *${invoice.number}* for *${escape(card.customerName)}* (${total})? The client will no longer be asked to pay it. This cannot be undone.`,
      ),
      actionsBlock([button(`Void ${invoice.number}`, { actionId: actions.void, value: invoice.id, style: "danger" })]),
    ],
  };
}

/** What each subcommand needs beyond being of the team (looking needs nothing more). */
const commandPermissions: Partial<Record<string, Permission>> = { new: "create", link: "issue", void: "void", remind: "issue", settings: "settings" };

/** `/invoice …`: acknowledges at once (help and typos are answered in the ack), then does the work. */
export function invoiceCommand(deps: Deps): Middleware<SlackCommandMiddlewareArgs, RemitContext> {
  return async ({ command, ack, respond, client, context }) => {
    const request = parseInvoiceCommand(command.text);
    if (request.kind === "help") return ack({ response_type: "ephemeral", ...helpMessage() });
    if (request.kind === "mistake") return ack({ response_type: "ephemeral", text: request.message });
    if (request.kind === "unknown") {
      const word = escape(request.word);
      const lead = `\`${word}\` is not a Remit command. Did you mean \`/invoice ${request.suggestion}\`? For an invoice to a customer called ${word}, write \`/invoice new ${word}\`.`;
      return ack({ response_type: "ephemeral", ...helpMessage(lead) });
    }
    await ack();
    const reply = replier(respond, client, command.user_id);
    const { workspaceId } = context;
    await answering(reply, async () => {
      const permission = commandPermissions[request.kind];
      if (permission) await deps.roles.require(client, command.user_id, workspaceId, permission);
      else await deps.roles.requireMember(client, command.user_id);
      switch (request.kind) {
        case "new":
          return openInvoiceModal(deps, client, { triggerId: command.trigger_id, workspaceId, channel: command.channel_id, quick: request.quick });
        case "quote":
          return openInvoiceModal(deps, client, {
            triggerId: command.trigger_id,
            workspaceId,
            channel: command.channel_id,
            quick: request.quick,
            kind: "quote",
          });
        case "list":
          return reply(await invoiceList(deps, workspaceId, request.view, 0, request.query));
        case "status":
          return reply(await invoiceStatus(deps, workspaceId, request.number));
        case "link":
          return reply(await portalLinkFor(deps, workspaceId, request.customer));
        case "void":
          return reply(await confirmVoid(deps, workspaceId, request.number));
        case "customers":
          return reply(await customerList(deps, workspaceId, request.query));
        case "recurring":
          return reply(await recurringList(deps, workspaceId));
        case "remind": {
          const invoice = await invoiceByNumber(deps, workspaceId, request.number);
          return reply(
            emailAsked(await requestClientEmail(deps.remit.db, workspaceId, invoice.id, "reminder", deps.remit.now(), slackActor(command.user_id)), "reminder"),
          );
        }
        case "settings":
          return openView(
            client,
            command.trigger_id,
            settingsModal(await getWorkspace(deps.remit.db, workspaceId), await settingsExtras(deps.remit, workspaceId)),
          );
      }
    });
  };
}
