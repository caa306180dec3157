import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import { reverseManualPayment } from "#app/billing/payment-reversal.server.ts";
import { valueId } from "../../blocks/kit.ts";
import { undoBlock } from "../../blocks/undo-payment-modal.ts";
import { waitBudget } from "../../calls.ts";
import { refusal, slackActor, type Deps, type RemitContext } from "../support.ts";

/**
 * Undoes the chosen payment with the reason given. The invoice message and Notion follow through
 * the outbox (`payment.reversed`); submitting the same form again changes nothing more.
 */
export function undoPaymentSubmit(deps: Deps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>, RemitContext> {
  return async ({ ack, view, context, client, body }) => {
    const errors = (found: Record<string, string>) => ack({ response_action: "errors", errors: found });
    const refused = await refusal(() => deps.roles.require(client, body.user.id, context.workspaceId, "mark_paid", waitBudget.beforeAck));
    if (refused) return errors({ [undoBlock.payment]: refused });
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
      if (error instanceof ValidationError) {
        return errors(
          Object.fromEntries(Object.entries(error.issues).map(([field, message]) => [field === "payment" ? undoBlock.payment : undoBlock.reason, message])),
        );
      }
      if (error instanceof DomainError) return errors({ [undoBlock.payment]: error.message });
      throw error;
    }
    await ack();
  };
}
