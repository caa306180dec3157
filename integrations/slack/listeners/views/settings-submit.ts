import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { saveSettings } from "../../settings/modal.ts";
import { connectedMessage, notionRequest } from "../../settings/notion.ts";
import { waitBudget } from "../../calls.ts";
import { alertsSection } from "../../settings/alerts.ts";
import { answering, refusal, replier, type Deps, type RemitContext } from "../support.ts";

/**
 * Saves `/invoice settings`, or shows what to fix next to each field. A Notion connection asked
 * for in the form is made after the form closes (it takes longer than Slack waits), and the
 * person is told how it went.
 */
export function settingsSubmit(deps: Deps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>, RemitContext> {
  return async ({ ack, view, context, client, body }) => {
    const refused = await refusal(() => deps.roles.requireAdmin(client, body.user.id, waitBudget.beforeAck));
    if (refused) return ack({ response_action: "errors", errors: { [alertsSection.fields.alertChannelId ?? ""]: refused } });
    const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
    const errors = await saveSettings(deps.remit, workspace, view.state.values);
    await ack(errors ? { response_action: "errors", errors } : undefined);
    const notion = errors ? null : notionRequest(view.state.values);
    if (!notion) return;
    const reply = replier(undefined, client, body.user.id);
    await answering(reply, async () => {
      const connected = await deps.remit.notion.connect(workspace.id, notion);
      await reply({ text: connectedMessage(connected) });
      await deps.remit.notion.backfill({ workspaceId: workspace.id });
    });
  };
}
