import { z } from "zod";
import { resendFailedEmail } from "#app/billing/reminders.server.ts";
import { emailAddressModal } from "../../blocks/email-address-modal.ts";
import { openView } from "../../calls.ts";
import { escape } from "../../format.ts";
import { carried, guardedButton, slackActor, type Deps } from "../support.ts";

/** What a refused email's buttons carry (see blocks/alerts.ts), checked where it enters. */
export const failedEmail = z.object({ eventId: z.string().min(1), customerId: z.string().nullable(), invoiceId: z.string().nullable() });

export const readFailedEmail = (text: string | undefined) => carried(failedEmail, text);

const gone =
  "That email is no longer waiting to be sent again: it was already sent again, or its alert is too old (`remit events --status dead` lists what is left).";

/** "Send again": the refused email goes again as it is (the mail server's trouble is over, or the SMTP settings were fixed). */
export const resendEmail = (deps: Deps) =>
  guardedButton(deps, "issue", async ({ workspaceId, id, body, reply }) => {
    const failed = readFailedEmail(id);
    const retried = failed ? await resendFailedEmail(deps.remit.db, { ...failed, workspaceId, actor: slackActor(body.user.id), now: deps.remit.now() }) : false;
    await reply({ text: retried ? "The email is on its way again. If the mail server refuses it again, a new alert says so." : gone });
  });

/** "Fix the address": a form with the client's address, saved and used at once. */
export const fixEmailAddress = (deps: Deps) =>
  guardedButton(deps, "create", async ({ workspaceId, id, body, client, reply }) => {
    const failed = readFailedEmail(id);
    const customer = failed?.customerId
      ? await deps.remit.db.customer.findFirst({ where: { id: failed.customerId, workspaceId }, select: { name: true, email: true } })
      : null;
    if (!failed || !customer) return reply({ text: "This client is no longer in this workspace." });
    await openView(
      client,
      body.trigger_id,
      emailAddressModal({ failed, summary: `The email to *${escape(customer.name)}* was refused.`, address: customer.email ?? "" }),
    );
  });
