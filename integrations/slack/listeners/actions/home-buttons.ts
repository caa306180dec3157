import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { openView } from "../../calls.ts";
import { settingsExtras, settingsModal } from "../../settings/modal.ts";
import { openInvoiceModal } from "../invoice-modal.ts";
import { guardedButton, type Deps } from "../support.ts";

/** App Home's "New invoice": the same form as `/invoice`; the message goes to the person's DMs with the app. */
export const homeNewInvoice = (deps: Deps) =>
  guardedButton(deps, "create", ({ workspaceId, body, client }) =>
    openInvoiceModal(deps, client, { triggerId: body.trigger_id, workspaceId, channel: null, quick: null }),
  );

/** App Home's "Settings", for whoever the workspace lets change them (admins by default). */
export const homeSettings = (deps: Deps) =>
  guardedButton(deps, "settings", async ({ workspaceId, body, client }) =>
    openView(client, body.trigger_id, settingsModal(await getWorkspace(deps.remit.db, workspaceId), await settingsExtras(deps.remit, workspaceId))),
  );
