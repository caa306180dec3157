import type { BlockAction, Middleware, OverflowAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { IllegalTransitionError } from "#app/billing/errors.ts";
import { getInvoice } from "#app/billing/invoices.server.ts";
import { isReversible } from "#app/billing/payment-reversal.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { undoPaymentModal } from "../../blocks/undo-payment-modal.ts";
import { refundModal } from "../../blocks/refund-modal.ts";
import { refundable } from "#app/billing/card-refunds.server.ts";
import { formatAmountInput } from "#app/billing/money.ts";
import type { Permission } from "#app/billing/permissions.ts";
import { openView } from "../../calls.ts";
import { day, escape, money } from "../../format.ts";
import { moreChoices } from "../../ids.ts";
import { openPrefilledForm } from "../invoice-prefill.ts";
import { answering, replier, type Deps, type RemitContext } from "../support.ts";
import { invoiceButton } from "./invoice-buttons.ts";

type MenuListener = Middleware<SlackActionMiddlewareArgs<BlockAction<OverflowAction>>, RemitContext>;

const choicePermissions: Record<string, Permission> = {
  [moreChoices.duplicate]: "create",
  [moreChoices.undoPayment]: "mark_paid",
  [moreChoices.refund]: "refund",
};

/** The "More" menu of an invoice message: duplicate the invoice, or undo a payment marked paid. */
export function moreMenu(deps: Deps): MenuListener {
  return async ({ ack, body, action, client, context, respond }) => {
    await ack();
    const reply = replier(body.response_url ? respond : undefined, client, body.user.id);
    await answering(reply, async () => {
      const [choice = "", invoiceId = ""] = action.selected_option.value.split(":");
      const { workspaceId } = context;
      await deps.roles.require(client, body.user.id, workspaceId, choicePermissions[choice] ?? "create");
      if (choice === moreChoices.duplicate) {
        return openPrefilledForm(deps, client, { triggerId: body.trigger_id, workspaceId, invoiceId, channel: body.channel?.id ?? null, mode: "duplicate" });
      }
      if (choice === moreChoices.undoPayment) return openUndoPayment(deps, client, body.trigger_id, workspaceId, invoiceId);
      if (choice === moreChoices.refund) return openRefund(deps, client, body.trigger_id, workspaceId, invoiceId);
    });
  };
}

/** An invoice as the payment forms show it: a summary line, amounts in its currency, and each payment described for people. */
async function paymentsOf(deps: Deps, workspaceId: string, invoiceId: string) {
  const [invoice, workspace] = await Promise.all([getInvoice(deps.remit.db, workspaceId, invoiceId), getWorkspace(deps.remit.db, workspaceId)]);
  const amount = (value: number) => money(value, invoice.currency, workspace.locale);
  return {
    invoice,
    locale: workspace.locale,
    amount,
    summary: `*${invoice.number}* · ${escape(invoice.customer.name)} · ${amount(invoice.amountPaid)} of ${amount(invoice.total)} paid`,
    label: (payment: { amount: number; method: string; paidAt: Date | null }) =>
      `${amount(payment.amount)} by ${payment.method}${payment.paidAt ? ` on ${day(payment.paidAt, workspace.locale)}` : ""}`,
  };
}

async function openUndoPayment(deps: Deps, client: Parameters<typeof openView>[0], triggerId: string, workspaceId: string, invoiceId: string) {
  const { invoice, summary, label } = await paymentsOf(deps, workspaceId, invoiceId);
  const payments = invoice.payments.filter(isReversible).reverse();
  if (!payments.length)
    throw new IllegalTransitionError(`Invoice ${invoice.number} has no payment marked paid by hand to undo. A card payment is refunded instead.`);
  await openView(
    client,
    triggerId,
    undoPaymentModal({ invoiceId: invoice.id, summary, payments: payments.map((payment) => ({ id: payment.id, label: label(payment) })) }),
  );
}

async function openRefund(deps: Deps, client: Parameters<typeof openView>[0], triggerId: string, workspaceId: string, invoiceId: string) {
  const { invoice, locale, amount, summary, label } = await paymentsOf(deps, workspaceId, invoiceId);
  const payments = invoice.payments.filter((payment) => refundable(payment) > 0).reverse();
  const newest = payments[0];
  if (!newest) throw new IllegalTransitionError(`Invoice ${invoice.number} has no card payment left to refund.`);
  await openView(
    client,
    triggerId,
    refundModal({
      invoiceId: invoice.id,
      summary,
      currency: invoice.currency,
      payments: payments.map((payment) => ({ id: payment.id, label: `${label(payment)}, ${amount(refundable(payment))} left` })),
      left: formatAmountInput(refundable(newest), invoice.currency, locale),
    }),
  );
}

/** "Duplicate": the invoice form filled like this invoice, with today's dates; the new invoice's message goes where the button was. */
export const duplicateButton = (deps: Deps) =>
  invoiceButton(deps, "create", async ({ workspaceId, invoiceId, body, client }) => {
    await openPrefilledForm(deps, client, { triggerId: body.trigger_id, workspaceId, invoiceId, channel: body.channel?.id ?? null, mode: "duplicate" });
  });
