import { cardRefundIssues, refundCardPayment } from "#app/billing/card-refunds.server.ts";
import { parseAmount } from "#app/billing/money.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { valueId } from "../../blocks/kit.ts";
import { refundBlock } from "../../blocks/refund-modal.ts";
import { escape, money } from "../../format.ts";
import { answering, formErrors, refusedOnForm, replier, slackActor, type Deps, type ViewListener } from "../support.ts";

/**
 * Refunds the chosen card payment: the form checks the amount against what is left before it
 * closes; Stripe is asked after the ack (it may take longer than Slack waits), and the person is
 * told how it went. The form's view id makes the idempotency key, so submitting the same form
 * twice refunds once (docs/decisions/151).
 */
export function refundSubmit(deps: Deps): ViewListener {
  return async (args) => {
    const { ack, view, context, client, body } = args;
    const { db } = deps.remit;
    const { workspaceId } = context;
    const errors = formErrors(ack);
    if (await refusedOnForm(deps, args, "refund", refundBlock.payment)) return;
    const values = view.state.values;
    const paymentId = values[refundBlock.payment]?.[valueId]?.selected_option?.value ?? "";
    const payment = await db.payment.findFirst({ where: { id: paymentId, workspaceId }, include: { invoice: { select: { number: true } } } });
    if (!payment) return errors({ [refundBlock.payment]: "That payment is no longer in this workspace." });
    const workspace = await getWorkspace(db, workspaceId);
    const typed = parseAmount(values[refundBlock.amount]?.[valueId]?.value ?? "", payment.currency, workspace.locale);
    const issues = await cardRefundIssues(deps.remit, { workspaceId, paymentId, amount: typed.ok ? typed.amount : 1 });
    const found = {
      ...(issues.payment ? { [refundBlock.payment]: issues.payment } : {}),
      ...(!typed.ok ? { [refundBlock.amount]: typed.error } : issues.amount ? { [refundBlock.amount]: issues.amount } : {}),
    };
    if (Object.keys(found).length || !typed.ok) return errors(found);
    await ack();

    const reply = replier(undefined, client, body.user.id);
    await answering(reply, async () => {
      const reason = values[refundBlock.reason]?.[valueId]?.value?.trim() || null;
      const outcome = await refundCardPayment(deps.remit, {
        workspaceId,
        paymentId,
        amount: typed.amount,
        requestKey: `slack-view:${view.id}:${typed.amount}`,
        actor: slackActor(body.user.id),
        reason,
      });
      const amount = money(outcome.refunded, payment.currency, workspace.locale);
      const what = `${amount} of the ${escape(payment.method)} payment on *${escape(payment.invoice.number)}*`;
      await reply({
        text: outcome.already
          ? `Already refunded: ${what}. Nothing more was refunded.`
          : `Refunded ${what}. Stripe returns it to the client's card, usually within 5–10 business days; the invoice message shows the refund.`,
      });
    });
  };
}
