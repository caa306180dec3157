import type { webApi } from "@slack/bolt";
import { emailedSummary } from "#app/billing/invoice-summary.server.ts";
import { invoiceEngagement } from "#app/billing/engagement.server.ts";
import { invoiceViewStats } from "#app/billing/receivables.server.ts";
import { engagementLine } from "./collections/blocks.ts";
import { changesOf } from "#app/billing/audit.server.ts";
import { getInvoice } from "#app/billing/invoices.server.ts";
import { isReversible } from "#app/billing/payment-reversal.server.ts";
import { refundable } from "#app/billing/card-refunds.server.ts";
import { creditNoteOf } from "#app/billing/credit-notes.server.ts";
import { daysOverdue } from "#app/billing/invoice-status.ts";
import { scheduleOfInvoice } from "#app/billing/schedules.server.ts";
import { instalmentsOf } from "#app/billing/instalments.server.ts";
import { allocatePayments } from "#app/billing/instalments.ts";
import { calendarDateIn } from "#app/platform/calendar.ts";
import { invoiceMessage as storedMessage, messagesShowingLinks, rememberInvoiceMessage } from "./store.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { Workspace } from "#app/generated/prisma/client.ts";
import { invoiceMessage, type InvoiceCard } from "./blocks/invoice-message.ts";
import { context } from "./blocks/kit.ts";
import { cannotPostIn } from "./errors.ts";
import { channelAudience, type Audience } from "./audience.ts";
import { linkQuestion } from "./blocks/link-question.ts";
import { clientInvoiceLink, previewLinks } from "./links.ts";
import type { Remit } from "./remit.ts";

export type LoadedInvoice = Awaited<ReturnType<typeof getInvoice>>;

/**
 * What the invoice's Slack message shows, links freshly signed. `where`: a channel's message
 * (preview links are asked for by button, each person their own) or an answer to one person.
 */
async function invoiceCard(remit: Remit, invoice: LoadedInvoice, workspace: Workspace, where: "channel" | "person"): Promise<InvoiceCard> {
  const payable = invoice.status === "open" || invoice.status === "uncollectible";
  const [clientLink, preview, emailed, changes, schedule, parts, engagement, views, creditNote] = await Promise.all([
    payable ? clientInvoiceLink(remit, invoice) : null,
    where === "person" ? previewLinks(remit, invoice) : null,
    emailedSummary(remit.db, invoice.id),
    changesOf(remit.db, workspace.id, invoice),
    scheduleOfInvoice(remit.db, invoice.id),
    instalmentsOf(remit.db, invoice.id),
    invoiceEngagement(remit.db, workspace.id, invoice.id, remit.now()),
    invoiceViewStats(remit.db, invoice.id),
    invoice.status === "void" ? creditNoteOf(remit.db, workspace.id, invoice.id) : null,
  ]);
  return {
    invoice,
    customerName: invoice.customer.name,
    emailed: { to: invoice.customer.email, lastAt: emailed.lastEmailedAt, reminders: emailed.remindersSent },
    locale: workspace.locale,
    daysLate: daysOverdue(invoice, remit.now(), workspace.timezone),
    clientLink,
    preview,
    changes,
    reversible: invoice.payments.some(isReversible),
    schedule,
    instalments: allocatePayments(parts, invoice.amountPaid, calendarDateIn(remit.now(), workspace.timezone)),
    engagement: engagement ? engagementLine(engagement, { count: views.views, lastAt: views.lastViewedAt }, workspace.locale) : null,
    creditNote: creditNote ? { number: creditNote.number, replacedBy: creditNote.replacedByNumber } : null,
    refundable: invoice.payments.some((payment) => refundable(payment) > 0),
  };
}

export async function loadInvoiceCard(remit: Remit, workspaceId: string, invoiceId: string, where: "channel" | "person") {
  const [invoice, workspace] = await Promise.all([getInvoice(remit.db, workspaceId, invoiceId), getWorkspace(remit.db, workspaceId)]);
  return { invoice, workspace, card: await invoiceCard(remit, invoice, workspace, where) };
}

const noUnfurls = { unfurl_links: false, unfurl_media: false } as const;

interface PostTarget {
  /** Where the person asked (the channel of the command), if anywhere. */
  channel: string | null;
  userId: string;
  /** Tells who is in a channel (roles.ts `roleOf`): a client's link is posted only where it belongs. */
  roleOf: Parameters<typeof channelAudience>[2];
  /** The person already said to post it in that channel, knowing who is there. */
  confirmed?: boolean;
}

/**
 * Posts the invoice message where the person asked for it, or in their direct messages with
 * the app when the bot may not post there (a private channel or someone else's DM), and
 * remembers where it is so it can be updated when the invoice is paid or voided.
 *
 * A message with the client's working link is not posted in a channel shared with another
 * organisation, with guests in it, or whose members Remit cannot see: the person is asked
 * first, in a message only they see (docs/decisions/154).
 */
export async function postInvoiceMessage(client: webApi.WebClient, remit: Remit, workspaceId: string, invoiceId: string, target: PostTarget) {
  const { card, invoice } = await loadInvoiceCard(remit, workspaceId, invoiceId, "channel");
  const message = invoiceMessage(card);
  const post = (channel: string, note?: string) =>
    client.chat.postMessage({
      channel,
      ...noUnfurls,
      text: message.text,
      blocks: note ? [...message.blocks, context(note)] : message.blocks,
    });
  const toPerson = (channel: string) =>
    post(target.userId, `I can't post in <#${channel}>, so here it is. Invite me there with \`/invite @Remit\` to share invoices with the channel.`);
  let posted;
  try {
    const channel = target.channel;
    if (channel && card.clientLink && !target.confirmed && !isDirectMessage(channel)) {
      const audience = await channelAudience(client, channel, target.roleOf);
      if (audience !== "team") {
        await askBeforePosting(client, { channel, userId: target.userId, audience, invoice, customerName: card.customerName });
        return;
      }
    }
    posted = await post(channel ?? target.userId);
  } catch (error) {
    if (!target.channel || !cannotPostIn(error)) throw error;
    posted = await toPerson(target.channel);
  }
  if (posted.channel && posted.ts) await rememberInvoiceMessage(remit.db, workspaceId, invoiceId, posted.channel, posted.ts);
}

/** A direct message (its id starts with D): between two people, or the person and the app. */
const isDirectMessage = (channel: string) => channel.startsWith("D");

/**
 * Instead of posting: "this channel is shared / has guests — post the invoice with its link
 * here anyway, or send it to me?", shown to the person alone. Where even that cannot be shown
 * (the bot is not in the channel), Remit's post would have gone to the person's DMs anyway.
 */
async function askBeforePosting(
  client: webApi.WebClient,
  ask: { channel: string; userId: string; audience: Exclude<Audience, "team">; invoice: { id: string; number: string }; customerName: string },
) {
  await client.chat.postEphemeral({ channel: ask.channel, user: ask.userId, ...noUnfurls, ...linkQuestion(ask) });
}
/**
 * Rewrites the invoice's message in place (payments, void, new link). False when there is no
 * message or Slack can no longer reach it (deleted, channel archived); it is left alone then.
 */
export async function refreshInvoiceMessage(
  client: webApi.WebClient,
  remit: Remit,
  invoice: LoadedInvoice,
  workspace: Workspace,
  token?: string,
): Promise<boolean> {
  const posted = await storedMessage(remit.db, invoice.id);
  if (!posted) return false;
  const message = invoiceMessage(await invoiceCard(remit, invoice, workspace, "channel"));
  try {
    await client.chat.update({ ...(token ? { token } : {}), channel: posted.channel, ts: posted.ts, ...message });
    return true;
  } catch (error) {
    if (!cannotPostIn(error)) throw error;
    return false;
  }
}

/**
 * After a customer's links were revoked: every invoice message of theirs that showed a link is
 * redrawn with a fresh one. Says which messages changed and which Slack could not reach.
 */
export async function refreshCustomerMessages(client: webApi.WebClient, remit: Remit, workspace: Workspace, customerId: string) {
  const updated: string[] = [];
  const unreachable: string[] = [];
  for (const { id } of await messagesShowingLinks(remit.db, workspace.id, customerId)) {
    const invoice = await getInvoice(remit.db, workspace.id, id);
    const list = (await refreshInvoiceMessage(client, remit, invoice, workspace)) ? updated : unreachable;
    list.push(invoice.number);
  }
  return { updated, unreachable };
}
