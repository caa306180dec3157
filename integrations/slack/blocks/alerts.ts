import { balanceDue } from "#app/billing/invoice-math.ts";
import { day, escape, money, plural } from "../format.ts";
import { actions } from "../ids.ts";
import { actionsBlock, button, context, section, type Block } from "./kit.ts";

export interface AlertInvoice {
  id: string;
  number: string;
  currency: string;
  total: number;
  amountPaid: number;
  dueDate: Date;
  customerName: string;
  locale: string;
}

/** One payment of an invoice, as the alerts tell it. */
export interface AlertPayment {
  amount: number;
  method: string;
  paidAt: Date | null;
}

export type Alert =
  | { kind: "viewed"; invoice: AlertInvoice }
  /** A payment that left something to pay; `balance` is what was still due after it. */
  | { kind: "part_paid"; invoice: AlertInvoice; payment: AlertPayment; paidSoFar: number; balance: number }
  | { kind: "viewed_again"; invoice: AlertInvoice; views: number; at: Date; timeZone: string }
  /** The invoice is settled; `payments` are every payment that settled it, in order. */
  | { kind: "paid"; invoice: AlertInvoice; payments: AlertPayment[] }
  | { kind: "payment_failed"; invoice: AlertInvoice; reason: string }
  | { kind: "refunded"; invoice: AlertInvoice; amount: number; currency: string }
  | { kind: "overpaid"; invoice: AlertInvoice; amount: number; paymentId: string; status: string; online: boolean }
  | { kind: "overdue"; invoice: AlertInvoice; daysLate: number }
  | { kind: "voided"; invoice: AlertInvoice };

const followUp = (invoiceId: string) =>
  actionsBlock([
    button("Link to send", { actionId: actions.copyLink, value: invoiceId }),
    button("Mark as paid", { actionId: actions.markPaid, value: invoiceId, style: "primary" }),
  ]);

/** Alerts about the workspace rather than one invoice. */
export type WorkspaceAlert =
  | { kind: "link_requested"; customerName: string; reason: "expired" | "revoked" }
  | { kind: "integration_failed"; integration: string; reason: string }
  | { kind: "payments_disconnected"; accountId: string; accountName: string | null; by: "vendor" | "stripe"; userId: string | null }
  | { kind: "integration_refused"; integration: string; reason: string; invoiceNumber: string | null }
  | { kind: "email_failed"; customerName: string; invoiceNumber: string | null; to: string; reason: string; failed: FailedEmail };

/** Which refused email a button sends again: the event whose delivery failed, and whose address it was. */
export interface FailedEmail {
  eventId: string;
  customerId: string | null;
  invoiceId: string | null;
}

export function workspaceAlertMessage(alert: WorkspaceAlert): { text: string; blocks: Block[] } {
  const line = (emoji: string, text: string) => ({ text: text.replace(/\*/g, ""), blocks: [section(`${emoji} ${text}`)] });
  switch (alert.kind) {
    case "link_requested":
      return line(
        ":envelope:",
        `${escape(alert.customerName)} asked for a new portal link (theirs ${alert.reason === "expired" ? "had expired" : "was replaced"}). Send one with \`/invoice link ${escape(alert.customerName)}\`.`,
      );
    case "email_failed": {
      const text = `The email to ${escape(alert.customerName)}${alert.invoiceNumber ? ` about invoice *${escape(alert.invoiceNumber)}*` : ""} could not be delivered to ${escape(alert.to)}: ${escape(alert.reason.replace(/\.+$/, ""))}. Fix the address and send it again, or send it again as it is once the mail server takes it.`;
      const value = JSON.stringify(alert.failed);
      return {
        text: text.replace(/\*/g, ""),
        blocks: [
          section(`:mailbox_with_no_mail: ${text}`),
          actionsBlock([
            button("Fix the address", { actionId: actions.fixEmailAddress, value, style: "primary" }),
            button("Send again", { actionId: actions.resendEmail, value }),
          ]),
        ],
      };
    }
    case "integration_failed":
      if (alert.integration === "stripe") {
        return line(
          ":rotating_light:",
          `${escape(alert.reason.replace(/\.+$/, ""))}. The client was told to pay another way; check what your Stripe account accepts (currencies, amounts).`,
        );
      }
      return line(
        ":rotating_light:",
        `The ${escape(alert.integration.charAt(0).toUpperCase() + alert.integration.slice(1))} connection stopped working: ${escape(alert.reason.replace(/\.+$/, ""))}. Updates wait until it is reconnected (\`/invoice settings\`).`,
      );
    case "payments_disconnected": {
      const account = `*${escape(alert.accountName ?? alert.accountId)}*`;
      const by = alert.by === "stripe" ? "removed Remit's access from its Stripe Dashboard" : `was disconnected${alert.userId ? ` by <@${alert.userId}>` : ""}`;
      return line(
        ":electric_plug:",
        `The Stripe account ${account} ${by}: clients now see your payment instructions instead of a Pay button, and open payment pages are being closed. Connect an account again with \`/invoice settings\`.`,
      );
    }
    case "integration_refused":
      return line(
        ":warning:",
        `${escape(alert.integration.charAt(0).toUpperCase() + alert.integration.slice(1))} refused the update${alert.invoiceNumber ? ` of invoice ${escape(alert.invoiceNumber)}` : ""}: ${escape(alert.reason.replace(/\.+$/, ""))}. Other updates go on; after the fix, \`remit events --status dead\` lists what was refused and \`remit events retry <id>\` sends it again.`,
      );
  }
}

/** One alert for the workspace's alert channel: what happened, to which invoice, and what to do next. */
export function alertMessage(alert: Alert): { text: string; blocks: Block[] } {
  const { invoice } = alert;
  const { locale, currency } = invoice;
  const customer = escape(invoice.customerName);
  const number = `*${invoice.number}*`;
  const total = money(invoice.total, currency, locale);
  const due = money(balanceDue(invoice), currency, locale);
  const summary = `${total}, due ${day(invoice.dueDate, locale)}`;
  const line = (emoji: string, text: string, ...more: Block[]) => ({ text: text.replace(/\*/g, ""), blocks: [section(`${emoji} ${text}`), ...more] });

  switch (alert.kind) {
    case "viewed":
      return line(":eyes:", `${customer} opened invoice ${number} for the first time (${summary}).`);
    case "viewed_again": {
      const time = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: alert.timeZone }).format(alert.at);
      return line(
        ":eyes:",
        `${customer} has viewed invoice ${number} ${plural(alert.views, "time")} (${summary}).`,
        context(`Last view ${time} · this message keeps counting for a day`),
      );
    }
    case "part_paid": {
      const { payment } = alert;
      return line(
        ":heavy_plus_sign:",
        `${customer} paid ${money(payment.amount, currency, locale)} of invoice ${number}${payment.method ? ` by ${escape(payment.method)}` : ""}: ${money(alert.paidSoFar, currency, locale)} of ${total} paid, ${money(alert.balance, currency, locale)} still due.`,
        followUp(invoice.id),
      );
    }
    case "paid": {
      const [only, ...more] = alert.payments;
      if (!only || !more.length) {
        return line(":white_check_mark:", `${customer} paid invoice ${number}: ${total}${only?.method ? ` by ${escape(only.method)}` : ""}.`);
      }
      const story = alert.payments
        .map(
          (payment) =>
            `${money(payment.amount, currency, locale)}${payment.method ? ` by ${escape(payment.method)}` : ""}${payment.paidAt ? ` on ${day(payment.paidAt, locale)}` : ""}`,
        )
        .join(", ");
      return line(":white_check_mark:", `${customer} has paid invoice ${number} in full: ${total} in ${alert.payments.length} payments (${story}).`);
    }
    case "payment_failed":
      return line(
        ":warning:",
        `A payment by ${customer} for invoice ${number} failed: ${escape(alert.reason.replace(/\.+$/, ""))}. ${due} is still due.`,
        followUp(invoice.id),
      );
    case "refunded":
      return line(":leftwards_arrow_with_hook:", `${money(alert.amount, alert.currency, locale)} of invoice ${number} was refunded to ${customer}.`);
    case "overpaid": {
      const extra = money(alert.amount, currency, locale);
      const why = alert.status === "void" ? "it was voided" : "nothing more was due";
      return line(
        ":moneybag:",
        `${customer} paid ${extra} more than invoice ${number} asked for (${why}). Refund it, or keep it as ${customer}'s credit?`,
        actionsBlock([
          ...(alert.online ? [button(`Refund ${extra}`, { actionId: actions.refundOverpayment, value: alert.paymentId, style: "danger" })] : []),
          button("Keep as credit", { actionId: actions.keepOverpayment, value: alert.paymentId }),
        ]),
      );
    }
    case "overdue":
      return line(
        ":alarm_clock:",
        `Invoice ${number} for ${customer} is ${plural(alert.daysLate, "day")} late: ${due} was due ${day(invoice.dueDate, locale)}.`,
        followUp(invoice.id),
      );
    case "voided":
      return line(":no_entry_sign:", `Invoice ${number} for ${customer} (${total}) was voided.`);
  }
}
