import type { types } from "@slack/bolt";
import { views } from "../ids.ts";
import { context, input, option, plain, valueId } from "./kit.ts";

export const voidBlock = { reason: "void_reason", next: "void_next" } as const;

/** What the person wants after voiding: nothing more, or a corrected invoice in its place. */
export const voidNext = { only: "only", correct: "correct" } as const;

export interface VoidModalInput {
  invoiceId: string;
  number: string;
  /** "Acme Corp will no longer be asked to pay $1,200.00." (escaped, fitted). */
  summary: string;
  /** Where a corrected invoice's message goes. */
  channel: string | null;
  /** Only an unpaid invoice can be replaced by a corrected one. */
  correctable: boolean;
}

/**
 * "Void": why (kept with who did it), and whether to issue a corrected invoice in its place. An
 * issued invoice never changes; a mistake is fixed by voiding it and issuing a corrected one.
 */
export function voidModal(values: VoidModalInput): types.ModalView {
  const choices = [option("Just void it", voidNext.only), option("Void it and issue a corrected invoice", voidNext.correct)];
  return {
    type: "modal",
    callback_id: views.void,
    title: plain(`Void ${values.number}`),
    submit: plain("Continue"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ invoiceId: values.invoiceId, channel: values.channel }),
    blocks: [
      context(`${values.summary} An issued invoice never changes: to fix a mistake, void it and issue a corrected one.`),
      input({
        blockId: voidBlock.reason,
        label: "Why",
        hint: 'Kept in the invoice\'s history with your name, e.g. "wrong hourly rate".',
        element: { type: "plain_text_input", action_id: valueId, max_length: 500 },
      }),
      ...(values.correctable
        ? [
            input({
              blockId: voidBlock.next,
              label: "Then",
              element: { type: "radio_buttons", action_id: valueId, options: choices, initial_option: choices[0] },
            }),
          ]
        : []),
    ],
  };
}
