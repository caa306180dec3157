import { resolveOverpayment, type OverpaymentChoice } from "#app/billing/payments.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { money } from "../../format.ts";
import { guardedButton, type Deps } from "../support.ts";

/** "Refund" or "Keep as credit" on an overpayment alert (the payment's id in the value): answered once, whoever presses first. */
function overpaymentButton(deps: Deps, choice: OverpaymentChoice) {
  return guardedButton(deps, "refund", async ({ workspaceId, id, reply }) => {
    const outcome = await resolveOverpayment(deps.remit, { workspaceId, paymentId: id, choice });
    const { locale } = await getWorkspace(deps.remit.db, workspaceId);
    const amount = money(outcome.payment.overpaid, outcome.payment.currency, locale);
    const done =
      outcome.choice === "refund"
        ? `Stripe is refunding ${amount}; the refund shows on the invoice when Stripe confirms it.`
        : `${amount} is kept as the customer's credit.`;
    await reply({ text: outcome.already ? `Already settled: ${done}` : done });
  });
}

export const refundOverpayment = (deps: Deps) => overpaymentButton(deps, "refund");
export const keepOverpayment = (deps: Deps) => overpaymentButton(deps, "credit");
