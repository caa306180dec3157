import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { resendFailedEmail } from "#app/billing/reminders.server.ts";
import { emailAddressModal } from "../../blocks/email-address-modal.ts";
import { openView } from "../../calls.ts";
import { escape } from "../../format.ts";
import { answering, replier, slackActor, type Deps, type RemitContext } from "../support.ts";

type ButtonListener = Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, RemitContext>;

/** What a refused email's buttons carry (see blocks/alerts.ts), checked where it enters. */
export const failedEmail = z.object({ eventId: z.string().min(1), customerId: z.string().nullable(), invoiceId: z.string().nullable() });

export function readFailedEmail(text: string | undefined) {
  try {
    return failedEmail.parse(JSON.parse(text ?? ""));
  } catch {
    return null;
  }
}

const gone =
  "That email is no longer waiting to be sent again: it was already sent again, or its alert is too old (`remit events --status dead` lists what is left).";

/** "Send again": the refused email goes again as it is (the mail server's trouble is over, or the SMTP settings were fixed). */
export const resendEmail =
  (deps: Deps): ButtonListener =>
  async ({ ack, body, action, client, respond, context }) => {
    await ack();
    const reply = replier(respond, client, body.user.id);
    await answering(reply, async () => {
      await deps.roles.require(client, body.user.id, context.workspaceId, "issue");
      const failed = readFailedEmail(action.value);
      const retried = failed
        ? await resendFailedEmail(deps.remit.db, { ...failed, workspaceId: context.workspaceId, actor: slackActor(body.user.id), now: deps.remit.now() })
        : false;
      await reply({ text: retried ? "The email is on its way again. If the mail server refuses it again, a new alert says so." : gone });
    });
  };

/** "Fix the address": a form with the client's address, saved and used at once. */
export const fixEmailAddress =
  (deps: Deps): ButtonListener =>
  async ({ ack, body, action, client, respond, context }) => {
    await ack();
    const reply = replier(respond, client, body.user.id);
    await answering(reply, async () => {
      await deps.roles.require(client, body.user.id, context.workspaceId, "create");
      const failed = readFailedEmail(action.value);
      const customer = failed?.customerId
        ? await deps.remit.db.customer.findFirst({ where: { id: failed.customerId, workspaceId: context.workspaceId }, select: { name: true, email: true } })
        : null;
      if (!failed || !customer) return reply({ text: "This client is no longer in this workspace." });
      await openView(
        client,
        body.trigger_id,
        emailAddressModal({ failed, summary: `The email to *${escape(customer.name)}* was refused.`, address: customer.email ?? "" }),
      );
    });
  };
