import type { types } from "@slack/bolt";
import { views } from "../ids.ts";
import { context, input, option, plain, valueId } from "./kit.ts";

export const undoBlock = { payment: "undo_payment", reason: "undo_reason" } as const;

export interface UndoPaymentInput {
  invoiceId: string;
  summary: string;
  /** The payments recorded by hand that can be undone, described for people, newest first. */
  payments: { id: string; label: string }[];
}

/** "Undo a payment marked paid": which one, and why (kept with who did it). */
export function undoPaymentModal(values: UndoPaymentInput): types.ModalView {
  const choices = values.payments.map((payment) => option(payment.label, payment.id));
  return {
    type: "modal",
    callback_id: views.undoPayment,
    title: plain("Undo a payment"),
    submit: plain("Undo payment"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ invoiceId: values.invoiceId }),
    blocks: [
      context(values.summary),
      input({
        blockId: undoBlock.payment,
        label: "Payment",
        element: { type: "static_select", action_id: valueId, options: choices, ...(choices[0] ? { initial_option: choices[0] } : {}) },
      }),
      input({
        blockId: undoBlock.reason,
        label: "Why",
        hint: 'Kept in the invoice\'s history with your name, e.g. "marked on the wrong invoice".',
        element: { type: "plain_text_input", action_id: valueId, max_length: 500 },
      }),
    ],
  };
}
