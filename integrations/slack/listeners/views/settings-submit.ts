import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { getWorkspace } from "#app/domain/workspaces.server.ts";
import { saveSettings } from "../../settings/modal.ts";
import type { Deps, RemitContext } from "../support.ts";

/** Saves `/invoice settings`, or shows what to fix next to each field. */
export function settingsSubmit(deps: Deps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>, RemitContext> {
  return async ({ ack, view, context }) => {
    const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
    const errors = await saveSettings(deps.remit, workspace, view.state.values);
    await ack(errors ? { response_action: "errors", errors } : undefined);
  };
}
