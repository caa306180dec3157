import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from "@slack/bolt";
import { resolveOverpayment, type OverpaymentChoice } from "#app/billing/payments.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { money } from "../../format.ts";
import { answering, replier, type Deps, type RemitContext } from "../support.ts";

type ButtonListener = Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, RemitContext>;

/** "Refund" or "Keep as credit" on an overpayment alert: answered once, whoever presses first. */
function overpaymentButton(deps: Deps, choice: OverpaymentChoice): ButtonListener {
  return async (args) => {
    await args.ack();
    const { body, action, client, context } = args;
    const reply = replier(body.response_url ? args.respond : undefined, client, body.user.id);
    await answering(reply, async () => {
      await deps.roles.require(client, body.user.id, context.workspaceId, "refund");
      const outcome = await resolveOverpayment(deps.remit, { workspaceId: context.workspaceId, paymentId: action.value ?? "", choice });
      const { locale } = await getWorkspace(deps.remit.db, context.workspaceId);
      const amount = money(outcome.payment.overpaid, outcome.payment.currency, locale);
      const done =
        outcome.choice === "refund"
          ? `Stripe is refunding ${amount}; the refund shows on the invoice when Stripe confirms it.`
          : `${amount} is kept as the customer's credit.`;
      await reply({ text: outcome.already ? `Already settled: ${done}` : done });
    });
  };
}

export const refundOverpayment = (deps: Deps) => overpaymentButton(deps, "refund");
export const keepOverpayment = (deps: Deps) => overpaymentButton(deps, "credit");
