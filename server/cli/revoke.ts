import { revokePortalLinks } from "#app/portal/access.server.ts";
import { workspaceCommand } from "./command.ts";

export const revokeCommand = workspaceCommand({
  name: "revoke",
  summary: "Stop every outstanding portal link of a client.",
  options: {
    customer: { type: "string", value: "ID", description: "The client", required: true },
  },
  async run({ options, io, context: { db, now }, workspace }) {
    await revokePortalLinks(db, workspace.id, options.customer, { actor: "cli", at: now() });
    io.out("Every earlier link of this customer has stopped working. Issue a fresh one with: remit link");
  },
});
