import { ValidationError } from "#app/billing/errors.ts";
import { resendFailedEmail } from "#app/billing/reminders.server.ts";
import { valueId } from "../../blocks/kit.ts";
import { emailAddressBlock } from "../../blocks/email-address-modal.ts";
import { escape } from "../../format.ts";
import { readFailedEmail } from "../actions/email-buttons.ts";
import { answering, formErrors, refusedOnForm, replier, slackActor, type Deps, type ViewListener } from "../support.ts";

/** Saves the client's corrected address and sends the refused email again to it. */
export function emailAddressSubmit(deps: Deps): ViewListener {
  return async (args) => {
    const { ack, view, context, client, body } = args;
    const errors = (message: string) => formErrors(ack)({ [emailAddressBlock]: message });
    if (await refusedOnForm(deps, args, "create", emailAddressBlock)) return;
    const failed = readFailedEmail(view.private_metadata);
    if (!failed?.customerId) return errors("This client is no longer in this workspace.");
    const address = view.state.values[emailAddressBlock]?.[valueId]?.value?.trim() ?? "";
    let retried: boolean;
    try {
      retried = await resendFailedEmail(deps.remit.db, {
        ...failed,
        workspaceId: context.workspaceId,
        email: address,
        actor: slackActor(body.user.id),
        now: deps.remit.now(),
      });
    } catch (error) {
      if (error instanceof ValidationError) return errors(Object.values(error.issues).join(" "));
      throw error;
    }
    await ack();
    const reply = replier(undefined, client, body.user.id);
    await answering(reply, () =>
      reply({
        text: retried
          ? `Saved ${escape(address)} as the client's address; the refused email is on its way to it.`
          : `Saved ${escape(address)} as the client's address. The refused email was already sent again, so nothing more goes now.`,
      }),
    );
  };
}
