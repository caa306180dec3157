import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { saveSettings } from "../../settings/modal.ts";
import { connectedMessage, notionRequest } from "../../settings/notion.ts";
import { connectedMessage as stripeConnectedMessage, disconnectedMessage, stripeRequest } from "../../settings/stripe.ts";
import { alertsSection } from "../../settings/alerts.ts";
import { answering, refusedOnForm, replier, type Deps, type ViewListener } from "../support.ts";

/**
 * Saves `/invoice settings`, or shows what to fix next to each field. A Stripe or Notion
 * connection asked for in the form is made after the form closes (it takes longer than Slack
 * waits), and the person is told how it went (with the link to Stripe's onboarding).
 */
export function settingsSubmit(deps: Deps): ViewListener {
  return async (args) => {
    const { ack, view, context, client, body } = args;
    if (await refusedOnForm(deps, args, "settings", alertsSection.fields.alertChannelId ?? "")) return;
    const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
    const errors = await saveSettings(deps.remit, workspace, view.state.values);
    await ack(errors ? { response_action: "errors", errors } : undefined);
    if (errors) return;
    const reply = replier(undefined, client, body.user.id);
    const stripe = deps.remit.stripe;
    const payments = stripeRequest(view.state.values);
    if (stripe && payments) {
      await answering(reply, async () => {
        if (payments === "connect") await reply({ text: stripeConnectedMessage(await stripe.connect(workspace.id)) });
        else await reply({ text: disconnectedMessage(await stripe.disconnect(workspace.id, body.user.id)) });
      });
    }
    const notion = notionRequest(view.state.values);
    if (!notion) return;
    await answering(reply, async () => {
      const connected = await deps.remit.notion.connect(workspace.id, notion);
      await reply({ text: connectedMessage(connected) });
      await deps.remit.notion.backfill({ workspaceId: workspace.id });
    });
  };
}
