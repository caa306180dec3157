import type { types } from "@slack/bolt";
import { views } from "../ids.ts";
import { context, input, menuInput, option, plain, valueId } from "./kit.ts";

export const refundBlock = { payment: "refund_payment", amount: "refund_amount", reason: "refund_reason" } as const;

export interface RefundModalInput {
  invoiceId: string;
  summary: string;
  currency: string;
  /** Card payments with something left to refund, described for people, newest first. */
  payments: { id: string; label: string }[];
  /** What is left to refund on the newest, as the vendor writes amounts ("1.200,00" in de-DE). */
  left: string;
}

/** "Refund a card payment": which payment, how much (all that is left, or part), and why. */
export function refundModal(values: RefundModalInput): types.ModalView {
  return {
    type: "modal",
    callback_id: views.refund,
    title: plain("Refund a card payment"),
    submit: plain("Refund"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ invoiceId: values.invoiceId }),
    blocks: [
      context(values.summary),
      menuInput(
        refundBlock.payment,
        "Payment",
        values.payments.map((payment) => option(payment.label, payment.id)),
      ),
      input({
        blockId: refundBlock.amount,
        label: `Amount to refund (${values.currency})`,
        hint: "All that is left on the payment, or less for a partial refund. Stripe returns it to the client's card.",
        element: { type: "plain_text_input", action_id: valueId, max_length: 50, initial_value: values.left },
      }),
      input({
        blockId: refundBlock.reason,
        label: "Why",
        optional: true,
        hint: "Kept in the invoice's history with your name.",
        element: { type: "plain_text_input", action_id: valueId, max_length: 500 },
      }),
    ],
  };
}
