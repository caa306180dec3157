import type { webApi } from "@slack/bolt";
import type { DeliveredEvent, EventType, Subscriber } from "#app/ports/events.ts";
import { retryWhileUnavailable } from "#app/platform/db/database-errors.server.ts";
import { NotFoundError } from "#app/billing/errors.ts";
import { getCustomer } from "#app/billing/customers.server.ts";
import { getInvoice } from "#app/billing/invoices.server.ts";
import { latestPost, postForEvent, recordPost } from "./store.ts";
import { postRecurringInvoice } from "./recurring/post.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { alertMessage, workspaceAlertMessage, type Alert, type WorkspaceAlert } from "./blocks/alerts.ts";
import { cannotPostIn, deliveryError } from "./errors.ts";
import type { Installations } from "./installations.ts";
import { refreshInvoiceMessage, type LoadedInvoice } from "./invoice-card.ts";
import type { Remit } from "./remit.ts";
import { collectionsReport } from "#app/billing/aging.server.ts";
import { invoiceEngagement } from "#app/billing/engagement.server.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import type { Block } from "./blocks/kit.ts";
import { atRiskAlert, digestMessage } from "./collections/blocks.ts";
import { postQuestion } from "./questions/post.ts";
import { quoteAlertFor } from "./quotes/alerts.ts";
import { quoteAlertMessage } from "./quotes/message.ts";

/** How long a posted alert's record waits out an unavailable database: within the outbox's 30 s lease. */
const recordPostForMs = 25_000;

/** Later views of an invoice update one "viewed again" message for this long, then start a new one. */
export const viewedAgainWindowMs = 24 * 60 * 60_000;

type AlertText = { text: string; blocks: Block[]; thread_ts?: string; reply_broadcast?: boolean };

/** Events after which the invoice's own message shows something else (status, paid so far, link, last emailed). */
const redrawn = new Set<EventType>([
  "invoice.paid",
  "invoice.voided",
  "payment.succeeded",
  "payment.refunded",
  "payment.reversed",
  "email.sent",
  "invoice.engagement",
]);

const asAlertPayment = (payment: LoadedInvoice["payments"][number]) => ({ amount: payment.amount, method: payment.method, paidAt: payment.paidAt });

function is<Type extends EventType>(event: DeliveredEvent, type: Type): event is DeliveredEvent<Type> {
  return event.type === type;
}

function alertFor(event: DeliveredEvent, invoice: LoadedInvoice, workspace: { locale: string; timezone: string }): Alert | null {
  const subject = { ...invoice, customerName: invoice.customer.name, locale: workspace.locale };
  if (is(event, "invoice.viewed")) {
    return event.payload.firstView
      ? { kind: "viewed", invoice: subject }
      : { kind: "viewed_again", invoice: subject, views: event.payload.views, at: event.createdAt, timeZone: workspace.timezone };
  }
  if (is(event, "invoice.paid")) {
    const settling = invoice.payments.find((candidate) => candidate.id === event.payload.paymentId);
    const payments = invoice.payments.filter((candidate) => !settling || candidate.sequence <= settling.sequence);
    return { kind: "paid", invoice: subject, payments: payments.map(asAlertPayment) };
  }
  if (is(event, "payment.succeeded")) {
    // What was paid up to this payment, whatever happened since: the alert tells the moment it is about.
    const payment = invoice.payments.find((candidate) => candidate.id === event.payload.paymentId);
    if (!payment) return null;
    const paidSoFar = invoice.payments.filter((candidate) => candidate.sequence <= payment.sequence).reduce((sum, candidate) => sum + candidate.amount, 0);
    // The payment that settles the invoice is told by the "paid" alert; one past the total is an overpayment, alerted on its own.
    if (paidSoFar >= invoice.total) return null;
    return { kind: "part_paid", invoice: subject, payment: asAlertPayment(payment), paidSoFar, balance: invoice.total - paidSoFar };
  }
  if (is(event, "payment.failed")) return { kind: "payment_failed", invoice: subject, reason: event.payload.reason };
  if (is(event, "payment.overpaid")) {
    const payment = invoice.payments.find((candidate) => candidate.id === event.payload.paymentId);
    return {
      kind: "overpaid",
      invoice: subject,
      amount: event.payload.amount,
      paymentId: event.payload.paymentId,
      status: invoice.status,
      online: payment?.online ?? false,
    };
  }
  if (is(event, "payment.refunded")) return { kind: "refunded", invoice: subject, amount: event.payload.amount, currency: event.payload.currency };
  // A reminder that arrives after the invoice was settled has nothing left to say.
  if (is(event, "invoice.overdue")) return invoice.status === "open" ? { kind: "overdue", invoice: subject, daysLate: event.payload.daysLate } : null;
  if (is(event, "invoice.voided")) return { kind: "voided", invoice: subject };
  return null;
}

/**
 * Slack alerts from the outbox, in the workspace's alert channel, and the invoice's own message
 * kept up to date when it is paid or voided. Deliveries may repeat: each event posts at most
 * once (remembered by event id), and updates are idempotent.
 */
export function createAlerts(remit: Remit, client: webApi.WebClient, installations: Installations): Subscriber {
  async function post(event: DeliveredEvent, kind: string, channel: string, token: string, message: AlertText) {
    if (await postForEvent(remit.db, event.id)) return;
    const { thread_ts: threadTs, reply_broadcast: broadcast, ...content } = message;
    const thread = threadTs ? (broadcast ? { thread_ts: threadTs, reply_broadcast: true } : { thread_ts: threadTs }) : {};
    const posted = await client.chat.postMessage({ token, channel, unfurl_links: false, unfurl_media: false, ...content, ...thread });
    // Slack takes no idempotency key: once posted, the record is what stops a second post, so a
    // database that is briefly away is waited for (docs/operations.md, "Never posted twice").
    const record = () =>
      recordPost(remit.db, {
        eventId: event.id,
        workspaceId: event.workspaceId,
        invoiceId: event.type.startsWith("invoice.") || event.type.startsWith("payment.") ? event.aggregateId : null,
        kind,
        channel: posted.channel ?? channel,
        ts: posted.ts ?? "",
        createdAt: remit.now(),
      });
    await retryWhileUnavailable(record, recordPostForMs);
  }

  async function summariseView(event: DeliveredEvent, channel: string, token: string, message: AlertText) {
    const since = new Date(remit.now().getTime() - viewedAgainWindowMs);
    const recent = await latestPost(remit.db, event.aggregateId, "viewed_again", since);
    if (recent) {
      try {
        await client.chat.update({ token, channel: recent.channel, ts: recent.ts, ...message });
        return;
      } catch (error) {
        if (!cannotPostIn(error)) throw error;
      }
    }
    await post(event, "viewed_again", channel, token, message);
  }

  async function workspaceAlert(event: DeliveredEvent): Promise<WorkspaceAlert | null> {
    if (is(event, "integration.failed")) return { kind: "integration_failed", integration: event.payload.integration, reason: event.payload.reason };
    if (is(event, "payments.disconnected")) return { kind: "payments_disconnected", ...event.payload };
    if (is(event, "email.failed")) {
      const { customerId, invoiceId, to, reason, eventId } = event.payload;
      const customer = customerId
        ? await remit.db.customer.findFirst({ where: { id: customerId, workspaceId: event.workspaceId }, select: { name: true } })
        : null;
      const invoice = invoiceId
        ? await remit.db.invoice.findFirst({ where: { id: invoiceId, workspaceId: event.workspaceId }, select: { number: true } })
        : null;
      return {
        kind: "email_failed",
        customerName: customer?.name ?? to,
        invoiceNumber: invoice?.number ?? null,
        to,
        reason,
        failed: { eventId, customerId, invoiceId },
      };
    }
    if (is(event, "integration.refused")) {
      const { invoiceId } = event.payload;
      const invoice = invoiceId ? await getInvoice(remit.db, event.workspaceId, invoiceId).catch(() => null) : null;
      return { kind: "integration_refused", integration: event.payload.integration, reason: event.payload.reason, invoiceNumber: invoice?.number ?? null };
    }
    if (is(event, "portal.link_requested")) {
      // The vendor's own request: the person who asked was answered in Slack already.
      if (event.payload.reason === "vendor") return null;
      const reason = event.payload.reason;
      const customer = await getCustomer(remit.db, event.workspaceId, event.payload.customerId).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      return customer ? { kind: "link_requested", customerName: customer.name, reason } : null;
    }
    return null;
  }

  async function handle(event: DeliveredEvent) {
    if (event.type.startsWith("quote.")) {
      const workspace = await getWorkspace(remit.db, event.workspaceId);
      const token = await installations.botTokenFor(workspace);
      if (!token || !workspace.alertChannelId) return;
      const found = await quoteAlertFor(remit, event, workspace.locale);
      if (found) await post(event, `quote_${found.alert.kind}`, workspace.alertChannelId, token, quoteAlertMessage(found.card, found.alert));
      return;
    }
    if (
      event.type === "portal.link_requested" ||
      event.type === "integration.failed" ||
      event.type === "integration.refused" ||
      event.type === "email.failed" ||
      event.type === "payments.disconnected"
    ) {
      const workspace = await getWorkspace(remit.db, event.workspaceId);
      const token = await installations.botTokenFor(workspace);
      const alert = await workspaceAlert(event);
      if (!token || !alert || !workspace.alertChannelId) return;
      await post(event, alert.kind, workspace.alertChannelId, token, workspaceAlertMessage(alert));
      return;
    }
    if (is(event, "recurring.issued")) return postRecurringInvoice(remit, client, installations, event);
    if (is(event, "collections.digest") || is(event, "question.asked")) {
      const workspace = await getWorkspace(remit.db, event.workspaceId);
      const token = await installations.botTokenFor(workspace);
      if (!token) return;
      if (is(event, "question.asked")) return postQuestion(remit, client, token, workspace, event, post);
      if (!workspace.alertChannelId) return;
      const report = await collectionsReport(remit.db, workspace.id, remit.now());
      await post(event, "digest", workspace.alertChannelId, token, digestMessage(report, event.payload.weekOf));
      return;
    }
    let invoice: LoadedInvoice;
    try {
      invoice = await getInvoice(remit.db, event.workspaceId, event.aggregateId);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    const workspace = await getWorkspace(remit.db, event.workspaceId);
    const token = await installations.botTokenFor(workspace);
    if (!token) return;
    // A payment that settled the invoice is redrawn by its invoice.paid event.
    const settled = event.type === "payment.succeeded" && invoice.status === "paid";
    if (redrawn.has(event.type) && !settled) await refreshInvoiceMessage(client, remit, invoice, workspace, token);
    if (is(event, "invoice.engagement")) {
      // A rule that newly fires on an invoice still at risk when this is delivered: the team hears why.
      const fresh = event.payload.state === "at_risk" && event.payload.reasons.some((reason) => !event.payload.previousReasons.includes(reason));
      const engagement = fresh ? await invoiceEngagement(remit.db, workspace.id, invoice.id, remit.now()) : null;
      if (!engagement || engagement.state !== "at_risk" || !workspace.alertChannelId) return;
      const subject = {
        id: invoice.id,
        number: invoice.number,
        customerName: invoice.customer.name,
        balance: balanceDue(invoice),
        currency: invoice.currency,
        dueDate: invoice.dueDate,
      };
      await post(event, "at_risk", workspace.alertChannelId, token, atRiskAlert(subject, engagement.reasons, workspace.locale));
      return;
    }
    const alert = alertFor(event, invoice, workspace);
    if (!alert || !workspace.alertChannelId) return;
    const message = alertMessage(alert);
    if (alert.kind === "viewed_again") await summariseView(event, workspace.alertChannelId, token, message);
    else await post(event, alert.kind, workspace.alertChannelId, token, message);
  }

  return {
    name: "slack",
    async deliver(event) {
      try {
        await handle(event);
      } catch (error) {
        throw deliveryError(error);
      }
    },
  };
}
