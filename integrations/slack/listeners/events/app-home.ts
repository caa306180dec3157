import type { Middleware, SlackEventMiddlewareArgs } from "@slack/bolt";
import { receivablesSummary } from "#app/billing/receivables.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { collectionsReport } from "#app/billing/aging.server.ts";
import { guestHomeView } from "../../blocks/home.ts";
import { collectionsHomeView } from "../../home/view.ts";
import { publishView } from "../../calls.ts";
import type { Deps, RemitContext } from "../support.ts";

/** Draws the Home tab each time someone opens it (Bolt has already acknowledged the event): receivables, their age, what is at risk. */
export function appHomeOpened(deps: Deps): Middleware<SlackEventMiddlewareArgs<"app_home_opened">, RemitContext> {
  return async ({ event, client, context }) => {
    if (event.tab !== "home") return;
    if ((await deps.roles.roleOf(client, event.user)) === "guest") {
      await publishView(client, event.user, guestHomeView());
      return;
    }
    const { db, now } = deps.remit;
    const [workspace, summary, report] = await Promise.all([
      getWorkspace(db, context.workspaceId),
      receivablesSummary(db, context.workspaceId, now()),
      collectionsReport(db, context.workspaceId, now()),
    ]);
    await publishView(
      client,
      event.user,
      collectionsHomeView({ ...summary, workspaceName: workspace.name, locale: workspace.locale, alertChannelId: workspace.alertChannelId }, report),
    );
  };
}
