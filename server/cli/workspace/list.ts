import { listWorkspaces } from "#app/billing/workspaces.server.ts";
import { command } from "../command.ts";

export const workspaceList = command({
  name: "workspace list",
  summary: "List the workspaces: id, name, currency, time zone.",
  async run({ io, app }) {
    const workspaces = await listWorkspaces((await app()).db);
    if (!workspaces.length) io.out('No workspaces yet. Create one with: remit workspace create --name "My Studio"');
    for (const ws of workspaces) io.out(`${ws.id}  ${ws.name}  ${ws.defaultCurrency}  ${ws.timezone}${ws.isDemo ? "  (demo)" : ""}`);
  },
});
