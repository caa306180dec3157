import { reverseManualPayment } from "#app/billing/payment-reversal.server.ts";
import { valueId } from "../../blocks/kit.ts";
import { undoBlock } from "../../blocks/undo-payment-modal.ts";
import { errorsOnForm, formErrors, refusedOnForm, slackActor, type Deps, type ViewListener } from "../support.ts";

/**
 * Undoes the chosen payment with the reason given. The invoice message and Notion follow through
 * the outbox (`payment.reversed`); submitting the same form again changes nothing more.
 */
export function undoPaymentSubmit(deps: Deps): ViewListener {
  return async (args) => {
    const { ack, view, context, body } = args;
    if (await refusedOnForm(deps, args, "mark_paid", undoBlock.payment)) return;
    const values = view.state.values;
    try {
      await reverseManualPayment(
        deps.remit.db,
        {
          workspaceId: context.workspaceId,
          paymentId: values[undoBlock.payment]?.[valueId]?.selected_option?.value ?? "",
          reason: values[undoBlock.reason]?.[valueId]?.value ?? "",
          actor: slackActor(body.user.id),
        },
        deps.remit.now(),
      );
    } catch (error) {
      return formErrors(ack)(errorsOnForm(error, undoBlock.payment, (field) => (field === "payment" ? undoBlock.payment : undoBlock.reason)));
    }
    await ack();
  };
}
