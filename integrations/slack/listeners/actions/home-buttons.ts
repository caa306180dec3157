import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from "@slack/bolt";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { openView } from "../../calls.ts";
import { settingsExtras, settingsModal } from "../../settings/modal.ts";
import { openInvoiceModal } from "../invoice-modal.ts";
import { answering, replier, type Deps, type RemitContext } from "../support.ts";

type HomeButton = Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, RemitContext>;

/** App Home's "New invoice": the same form as `/invoice`; the message goes to the person's DMs with the app. */
export const homeNewInvoice =
  (deps: Deps): HomeButton =>
  async ({ ack, body, client, context }) => {
    await ack();
    await answering(replier(undefined, client, body.user.id), async () => {
      await deps.roles.require(client, body.user.id, context.workspaceId, "create");
      await openInvoiceModal(deps, client, { triggerId: body.trigger_id, workspaceId: context.workspaceId, channel: null, quick: null });
    });
  };

/** App Home's "Settings", for whoever the workspace lets change them (admins by default). */
export const homeSettings =
  (deps: Deps): HomeButton =>
  async ({ ack, body, client, context }) => {
    await ack();
    await answering(replier(undefined, client, body.user.id), async () => {
      await deps.roles.require(client, body.user.id, context.workspaceId, "settings");
      await openView(
        client,
        body.trigger_id,
        settingsModal(await getWorkspace(deps.remit.db, context.workspaceId), await settingsExtras(deps.remit, context.workspaceId)),
      );
    });
  };
