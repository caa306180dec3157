import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { revokePortalLinks } from "#app/portal/access.server.ts";
import { command } from "./command.ts";
import { workspaceOption } from "#app/platform/cli/command.ts";

export const revokeCommand = command({
  name: "revoke",
  summary: "Stop every outstanding portal link of a client.",
  options: {
    ...workspaceOption,
    customer: { type: "string", value: "ID", description: "The client", required: true },
  },
  async run({ options, io, app }) {
    const { db, now } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    await revokePortalLinks(db, workspace.id, options.customer, { actor: "cli", at: now() });
    io.out("Every earlier link of this customer has stopped working. Issue a fresh one with: remit link");
  },
});
