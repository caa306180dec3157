import type { types } from "@slack/bolt";
import { views } from "../ids.ts";
import type { FailedEmail } from "./alerts.ts";
import { context, input, plain, valueId } from "./kit.ts";

export const emailAddressBlock = "email_address";

/** "Fix the address" on a refused email's alert: the client's address, then the email goes again to it. */
export function emailAddressModal(values: { failed: FailedEmail; summary: string; address: string }): types.ModalView {
  return {
    type: "modal",
    callback_id: views.emailAddress,
    title: plain("Fix the address"),
    submit: plain("Save and send"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(values.failed),
    blocks: [
      context(values.summary),
      input({
        blockId: emailAddressBlock,
        label: "Client's email address",
        hint: "Saved for every later email to this client; the refused email goes again to it now.",
        element: { type: "email_text_input", action_id: valueId, initial_value: values.address },
      }),
    ],
  };
}
