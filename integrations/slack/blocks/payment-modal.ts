import type { types } from "@slack/bolt";
import { views } from "../ids.ts";
import { context, input, option, plain, valueId } from "./kit.ts";

export const paymentMethods = ["Bank transfer", "Cash", "Cheque", "Card (outside Remit)", "Other"] as const;

export const paymentBlock = { amount: "amount", method: "method", paidOn: "paid_on", note: "note" } as const;

export interface PaymentModalInput {
  invoiceId: string;
  summary: string;
  /** The balance due as the vendor writes amounts ("1.200,00" in de-DE), offered as the amount. */
  balance: string;
  currency: string;
  today: string;
}

/** "Mark as paid": records a payment made outside Remit (a transfer, cash) for all or part of the balance. */
export function paymentModal(values: PaymentModalInput): types.ModalView {
  const methods = paymentMethods.map((method) => option(method, method));
  return {
    type: "modal",
    callback_id: views.payment,
    title: plain("Record a payment"),
    submit: plain("Record payment"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ invoiceId: values.invoiceId }),
    blocks: [
      context(values.summary),
      input({
        blockId: paymentBlock.amount,
        label: `Amount (${values.currency})`,
        element: { type: "plain_text_input", action_id: valueId, max_length: 50, initial_value: values.balance },
      }),
      input({
        blockId: paymentBlock.method,
        label: "Paid by",
        element: { type: "static_select", action_id: valueId, options: methods, initial_option: methods[0] },
      }),
      input({ blockId: paymentBlock.paidOn, label: "Paid on", element: { type: "datepicker", action_id: valueId, initial_date: values.today } }),
      input({ blockId: paymentBlock.note, label: "Note", optional: true, element: { type: "plain_text_input", action_id: valueId, max_length: 500 } }),
    ],
  };
}
