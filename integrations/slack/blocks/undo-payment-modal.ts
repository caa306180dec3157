import type { types } from "@slack/bolt";
import { views } from "../ids.ts";
import { context, input, menuInput, option, plain, valueId } from "./kit.ts";

export const undoBlock = { payment: "undo_payment", reason: "undo_reason" } as const;

export interface UndoPaymentInput {
  invoiceId: string;
  summary: string;
  /** The payments recorded by hand that can be undone, described for people, newest first. */
  payments: { id: string; label: string }[];
}

/** "Undo a payment marked paid": which one, and why (kept with who did it). */
export function undoPaymentModal(values: UndoPaymentInput): types.ModalView {
  return {
    type: "modal",
    callback_id: views.undoPayment,
    title: plain("Undo a payment"),
    submit: plain("Undo payment"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ invoiceId: values.invoiceId }),
    blocks: [
      context(values.summary),
      menuInput(
        undoBlock.payment,
        "Payment",
        values.payments.map((payment) => option(payment.label, payment.id)),
      ),
      input({
        blockId: undoBlock.reason,
        label: "Why",
        hint: 'Kept in the invoice\'s history with your name, e.g. "marked on the wrong invoice".',
        element: { type: "plain_text_input", action_id: valueId, max_length: 500 },
      }),
    ],
  };
}
