import { revokePortalLinks } from "#app/portal/access.server.ts";
import { workspaceCommand } from "./command.ts";
import { required } from "#app/platform/cli/command.ts";

export const revokeCommand = workspaceCommand({
  name: "revoke",
  summary: "Stop every outstanding portal link of a client.",
  options: {
    customer: required("ID", "The client"),
  },
  async run({ options, io, context: { db, now }, workspace }) {
    await revokePortalLinks(db, workspace.id, options.customer, { actor: "cli", at: now() });
    io.out("Every earlier link of this customer has stopped working. Issue a fresh one with: remit link");
  },
});
