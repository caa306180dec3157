import type { Db } from "#app/platform/db/database.server.ts";
import { invoicePdfFileName, quotePdfFileName, receiptPdfFileName } from "#app/documents/pdf.server.ts";
import { recordEmailed } from "#app/portal/activity.server.ts";
import { calendarDateIn, daysBetween } from "#app/platform/calendar.ts";
import { PermanentDeliveryError, type DeliveredEvent, type EventType, type Subscriber, type SubscriberName } from "#app/ports/events.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import type { LinkRequest } from "#app/portal/access.server.ts";
import { getPortalInvoice, type PortalInvoice } from "#app/portal/read-models.server.ts";
import type { Payment } from "#app/generated/prisma/client.ts";
import { classifySendError } from "./errors.ts";
import { emailLanguage, type InvoiceFacts, type MessageContext } from "./messages/context.ts";
import { composeFreshLink } from "./messages/fresh-link.tsx";
import { composeAnswer } from "./messages/answer.tsx";
import { invoiceMessageOf } from "#app/portal/questions.server.ts";
import { composeInvoiceIssued } from "./messages/invoice-issued.tsx";
import { composeQuoteSent } from "./messages/quote-sent.tsx";
import { getPortalQuote, type PortalQuote } from "#app/portal/quotes.server.ts";
import type { ComposedEmail } from "./messages/layout.tsx";
import { composeReceipt } from "./messages/receipt.tsx";
import { composeRefund } from "./messages/refund.tsx";
import { composeReminder } from "./messages/reminder.tsx";
import { claimEmail, findEmail, markFailed, markSent, type EmailKind, type EmailPurpose } from "./store.ts";
import type { Mailer } from "./transport.ts";

/** The outbox subscriber's name: deliveries to it are emails to clients. */
export const emailSubscriberName = "email" satisfies SubscriberName;

/** What the email subscriber uses of the running Remit: the portal's own link minting and PDFs, handed in by the composition root. */
export interface EmailRemit {
  db: Db;
  now: () => Date;
  /** How long a link in an email lasts (PORTAL_LINK_TTL_DAYS). */
  linkTtlDays: number;
  /** Whether the portal offers the workspace's clients online payment (the button then says "View and pay"). */
  payOnline: (workspaceId: string) => Promise<boolean>;
  /** A full portal URL for the client, signed as the portal signs every link. */
  portalLink: (request: LinkRequest) => Promise<{ url: string; expiresAt: Date }>;
  invoicePdf: (view: PortalInvoice) => Promise<Uint8Array>;
  /** A quote's PDF, for the quote email's attachment (when the workspace attaches PDFs). */
  quotePdf?: (view: PortalQuote) => Promise<Uint8Array>;
  receiptPdf: (view: PortalInvoice, payment: Payment) => Promise<Uint8Array>;
}

export interface EmailSubscriberOptions {
  remit: EmailRemit;
  mailer: Mailer;
  /** The sending address (MAIL_FROM); the vendor's name is its display name. */
  from: string;
}

interface Draft {
  to: string;
  email: ComposedEmail;
  attachments: { filename: string; content: Buffer; contentType: string }[];
  replyTo: string | null;
  vendorName: string;
}

interface Plan {
  purpose: EmailPurpose;
  /** Null when there is nothing to send after all (no address, already settled). */
  draft(): Promise<Draft | null>;
}

function is<Type extends EventType>(event: DeliveredEvent, type: Type): event is DeliveredEvent<Type> {
  return event.type === type;
}

/**
 * Emails to clients from outbox events: the invoice when issued, reminders, receipts, refund
 * notices and fresh links. Each email has a purpose ("invoice X issued", "reminder X at step
 * -3", "receipt of payment Y") recorded before it is sent: a purpose already sent is never
 * sent again, so redelivered events send nothing twice. A 5xx from the SMTP server dead-letters
 * the delivery and emits `email.failed` (the vendor's Slack alert); anything else is retried.
 */
export function createEmailSubscriber(options: EmailSubscriberOptions): Subscriber {
  const { remit, mailer, from } = options;
  const { db } = remit;
  const domain = from.split("@")[1] ?? "remit.invalid";

  async function loadInvoice(workspaceId: string, invoiceId: string): Promise<PortalInvoice | null> {
    const invoice = await db.invoice.findFirst({ where: { id: invoiceId, workspaceId }, select: { customerId: true } });
    if (!invoice) return null;
    const access = { workspaceId, customerId: invoice.customerId, invoiceId: null, preview: false, expiresAt: remit.now() };
    return getPortalInvoice(db, access, invoiceId, remit.now());
  }

  function contextOf(view: PortalInvoice): MessageContext {
    const vendor = { name: view.vendor.name, brandColor: view.vendor.brandColor, repliesReachVendor: Boolean(view.workspace.emailReplyTo) };
    return { language: emailLanguage(view.customer.locale, view.vendor.locale), vendor, customerName: view.customer.name };
  }

  function factsOf(view: PortalInvoice): InvoiceFacts {
    const { invoice } = view;
    return { ...invoice, balanceDue: invoice.balanceDue };
  }

  /** The link in an invoice's email: invoice-scoped, or the customer's whole portal opening on it (a workspace setting). */
  async function invoiceLink(view: PortalInvoice): Promise<string> {
    const { workspace, invoice } = view;
    const base = { workspaceId: workspace.id, customerId: invoice.customerId, ttlDays: remit.linkTtlDays };
    if (workspace.emailLinkScope === "portal") return `${(await remit.portalLink(base)).url}/invoices/${invoice.id}`;
    return (await remit.portalLink({ ...base, invoiceId: invoice.id })).url;
  }

  function draftOf(view: PortalInvoice, email: ComposedEmail, attachments: Draft["attachments"] = []): Draft | null {
    if (!view.customer.email) return null;
    return { to: view.customer.email, email, attachments, replyTo: view.workspace.emailReplyTo, vendorName: view.vendor.name };
  }

  const pdf = (filename: string, bytes: Uint8Array) => ({ filename, content: Buffer.from(bytes), contentType: "application/pdf" });

  function invoiceEmail(view: PortalInvoice): Promise<Draft | null> {
    return (async () => {
      const attach = view.workspace.emailAttachPdf;
      const email = await composeInvoiceIssued({
        ...contextOf(view),
        invoice: factsOf(view),
        url: await invoiceLink(view),
        payOnline: view.invoice.balanceDue > 0 && (await remit.payOnline(view.invoice.workspaceId)),
        attachedPdf: attach,
      });
      const attachments = attach ? [pdf(invoicePdfFileName(view.invoice.number), await remit.invoicePdf(view))] : [];
      return draftOf(view, email, attachments);
    })();
  }

  async function reminderEmail(view: PortalInvoice, scheduled: boolean, instalment?: number): Promise<Draft | null> {
    const { invoice, workspace } = view;
    // Paid, voided or settled since the step was reached: nothing to remind of.
    if (invoice.status !== "open" || invoice.balanceDue === 0) return null;
    // A split invoice is reminded of one part: the one whose step was reached (or the next one, when a person asks),
    // its amount still unpaid and its own due date (docs/decisions/131).
    const part = instalment
      ? invoice.instalments.find((candidate) => candidate.position === instalment)
      : invoice.instalments.find((candidate) => candidate.remaining > 0);
    if (instalment && !part?.remaining) return null;
    if (scheduled) {
      const customer = await db.customer.findUnique({ where: { id: invoice.customerId }, select: { emailReminders: true } });
      if (!workspace.clientReminders || !customer?.emailReminders) return null;
    }
    const dueDate = part ? part.dueDate : invoice.dueDate;
    const daysFromDue = daysBetween(dueDate, calendarDateIn(remit.now(), workspace.timezone));
    const email = await composeReminder({
      ...contextOf(view),
      invoice: part ? { ...factsOf(view), balanceDue: part.remaining, dueDate } : factsOf(view),
      daysFromDue,
      url: await invoiceLink(view),
      payOnline: await remit.payOnline(invoice.workspaceId),
    });
    return draftOf(view, email);
  }

  function purposeOf(event: DeliveredEvent, kind: EmailKind, purpose: string, invoiceId: string | null, customerId: string | null): EmailPurpose {
    return { purpose, kind, workspaceId: event.workspaceId, customerId, invoiceId };
  }

  /** Which email an event asks for, if any. Purposes: see the subscriber's description. */
  async function plan(event: DeliveredEvent): Promise<Plan | null> {
    if (is(event, "portal.link_requested")) {
      const customer = await db.customer.findFirst({ where: { id: event.payload.customerId, workspaceId: event.workspaceId }, include: { workspace: true } });
      if (!customer?.email) return null;
      const to = customer.email;
      return {
        purpose: purposeOf(event, "fresh_link", `fresh-link:${event.id}`, null, customer.id),
        async draft() {
          const link = await remit.portalLink({ workspaceId: customer.workspaceId, customerId: customer.id, ttlDays: remit.linkTtlDays });
          const { workspace } = customer;
          const email = await composeFreshLink({
            language: emailLanguage(customer.locale, workspace.locale),
            vendor: { name: workspace.name, brandColor: workspace.brandColor, repliesReachVendor: Boolean(workspace.emailReplyTo) },
            customerName: customer.name,
            url: link.url,
            expiresAt: link.expiresAt,
            sentByVendor: event.payload.reason === "vendor",
          });
          return { to, email, attachments: [], replyTo: workspace.emailReplyTo, vendorName: workspace.name };
        },
      };
    }
    if (is(event, "quote.sent")) return quotePlan(event);
    // Every other event handled here is about an invoice, its aggregate.
    const invoiceId = event.aggregateId;
    const view = await loadInvoice(event.workspaceId, invoiceId);
    if (!view?.customer.email) return null;
    const customerId = view.invoice.customerId;
    const on = (kind: EmailKind, purpose: string, draft: () => Promise<Draft | null>): Plan => ({
      purpose: purposeOf(event, kind, purpose, invoiceId, customerId),
      draft,
    });
    if (is(event, "invoice.issued")) {
      // Voided, paid or written off before the email went out: the client needs no invoice to pay.
      if (event.payload.emailClient === false || view.invoice.status !== "open") return null;
      return on("invoice", `invoice:${invoiceId}:issued`, () => invoiceEmail(view));
    }
    if (is(event, "invoice.reminder")) {
      // A split invoice's parts each have their own steps: one email per part and step.
      const part = event.payload.instalment ? `part${event.payload.instalment}:` : "";
      return on("reminder", `reminder:${invoiceId}:${part}${event.payload.step}`, () => reminderEmail(view, true, event.payload.instalment));
    }
    if (is(event, "email.requested")) {
      // A person asked: a new purpose per request, so it goes even if one went before.
      return event.payload.message === "invoice"
        ? on("invoice", `invoice:${invoiceId}:asked:${event.id}`, () => invoiceEmail(view))
        : on("reminder", `reminder:${invoiceId}:asked:${event.id}`, () => reminderEmail(view, false));
    }
    if (is(event, "payment.succeeded")) {
      const payment = view.invoice.payments.find((candidate) => candidate.id === event.payload.paymentId);
      if (!payment) return null;
      return on("receipt", `receipt:${payment.id}`, async () => {
        const email = await composeReceipt({
          ...contextOf(view),
          invoice: factsOf(view),
          payment: {
            receiptNumber: payment.receiptNumber ?? `${view.invoice.number}-${payment.sequence}`,
            amount: payment.amount,
            currency: payment.currency,
            method: payment.method,
            paidAt: payment.paidAt ?? payment.createdAt,
          },
          timeZone: view.vendor.timezone,
          url: await invoiceLink(view),
        });
        const bytes = await remit.receiptPdf(view, payment);
        return draftOf(view, email, [pdf(receiptPdfFileName(view.invoice.number, payment.sequence), bytes)]);
      });
    }
    if (is(event, "question.answered")) {
      const answer = await invoiceMessageOf(db, event.workspaceId, event.payload.messageId);
      if (!answer || answer.author !== "vendor") return null;
      return on("answer", `answer:${answer.id}`, async () => {
        const email = await composeAnswer({
          ...contextOf(view),
          invoiceNumber: view.invoice.number,
          authorName: answer.authorName,
          body: answer.body,
          url: `${await invoiceLink(view)}#questions`,
        });
        return draftOf(view, email);
      });
    }
    if (is(event, "payment.refunded")) {
      const { paymentId, amount, amountRefunded, currency } = event.payload;
      const payment = view.invoice.payments.find((candidate) => candidate.id === paymentId);
      return on("refund", `refund:${paymentId}:${amountRefunded}`, async () => {
        const email = await composeRefund({
          ...contextOf(view),
          invoiceNumber: view.invoice.number,
          receiptNumber: payment?.receiptNumber ?? view.invoice.number,
          amount,
          amountRefunded,
          currency,
          url: await invoiceLink(view),
        });
        return draftOf(view, email);
      });
    }
    return null;
  }

  /** A sent quote's email: its link opens the quote (or the client's portal on it), where they accept or decline. */
  async function quotePlan(event: DeliveredEvent<"quote.sent">): Promise<Plan | null> {
    const quote = await db.quote.findFirst({ where: { id: event.payload.quoteId, workspaceId: event.workspaceId }, select: { id: true, customerId: true } });
    if (!quote || event.payload.emailClient === false) return null;
    const access = { workspaceId: event.workspaceId, customerId: quote.customerId, invoiceId: null, quoteId: quote.id, preview: false, expiresAt: remit.now() };
    const view = await getPortalQuote(db, access, quote.id, remit.now());
    // Withdrawn or answered before the email went out: nothing to ask the client.
    if (!view?.customer.email || view.quote.status !== "sent") return null;
    return {
      purpose: purposeOf(event, "quote", `quote:${quote.id}:sent`, null, quote.customerId),
      async draft() {
        const { workspace } = view;
        const base = { workspaceId: workspace.id, customerId: quote.customerId, ttlDays: remit.linkTtlDays };
        const url =
          workspace.emailLinkScope === "portal"
            ? `${(await remit.portalLink(base)).url}/quotes/${quote.id}`
            : (await remit.portalLink({ ...base, quoteId: quote.id })).url;
        const attach = workspace.emailAttachPdf && remit.quotePdf !== undefined;
        const email = await composeQuoteSent({
          language: emailLanguage(view.customer.locale, view.vendor.locale),
          vendor: { name: view.vendor.name, brandColor: view.vendor.brandColor, repliesReachVendor: Boolean(workspace.emailReplyTo) },
          customerName: view.customer.name,
          quote: view.quote,
          url,
          attachedPdf: attach,
        });
        const attachments = attach && remit.quotePdf ? [pdf(quotePdfFileName(view.quote.number), await remit.quotePdf(view))] : [];
        return { to: view.customer.email!, email, attachments, replyTo: workspace.emailReplyTo, vendorName: view.vendor.name };
      },
    };
  }

  async function send(plan: Plan, event: DeliveredEvent): Promise<void> {
    const already = await findEmail(db, plan.purpose.purpose);
    if (already?.status === "sent") return;
    const draft = await plan.draft();
    if (!draft) return;
    const record = await claimEmail(db, plan.purpose, { to: draft.to, subject: draft.email.subject, domain });
    const at = remit.now();
    let sent: Awaited<ReturnType<Mailer["send"]>>;
    try {
      sent = await mailer.send({
        from: { name: draft.vendorName, address: from },
        to: draft.to,
        ...(draft.replyTo ? { replyTo: { name: draft.vendorName, address: draft.replyTo } } : {}),
        subject: draft.email.subject,
        text: draft.email.text,
        html: draft.email.html,
        attachments: draft.attachments,
        messageId: record.messageId,
        date: at,
        // RFC 3834: no out-of-office replies to an automatic message.
        headers: { "Auto-Submitted": "auto-generated" },
        kind: plan.purpose.kind,
      });
    } catch (error) {
      const failure = classifySendError(error);
      // The outbox logs its error: the client's address stays out of it.
      const logged = failure.reason.split(draft.to).join("<recipient>");
      if (!failure.permanent) {
        await markFailed(db, record.id, failure);
        throw new Error(`The ${plan.purpose.kind} email is not sent yet: ${logged}`, { cause: error });
      }
      const { workspaceId, invoiceId, customerId, kind } = plan.purpose;
      await db.$transaction(async (tx) => {
        await tx.emailMessage.update({ where: { id: record.id }, data: { status: "failed", lastError: failure.reason.slice(0, 1000) } });
        if (customerId) await recordEmailed(tx, { workspaceId, customerId, invoiceId, kind: "email_failed", at: remit.now() });
        await emit(
          tx,
          {
            type: "email.failed",
            workspaceId,
            aggregateId: invoiceId ?? customerId ?? workspaceId,
            payload: { kind, to: draft.to, reason: failure.reason, customerId, invoiceId, eventId: event.id },
          },
          remit.now(),
        );
      });
      throw new PermanentDeliveryError(`The ${kind} email was refused: ${logged}`, { cause: error });
    }
    // Sent, its timeline entry and (about an invoice) the event that updates Slack and Notion ("last emailed"): one write.
    const { customerId, invoiceId, workspaceId, kind } = plan.purpose;
    await db.$transaction(async (tx) => {
      await markSent(tx, record.id, { ...sent, at });
      if (customerId) await recordEmailed(tx, { workspaceId, customerId, invoiceId, kind: kind === "reminder" ? "reminder_sent" : "email_sent", at });
      if (invoiceId) await emit(tx, { type: "email.sent", workspaceId, aggregateId: invoiceId, payload: { kind, customerId, invoiceId } }, at);
    });
  }

  return {
    name: emailSubscriberName,
    async deliver(event) {
      const next = await plan(event);
      if (next) await send(next, event);
    },
  };
}
