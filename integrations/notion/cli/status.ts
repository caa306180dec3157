import { getWorkspace, listWorkspaces } from "#app/billing/workspaces.server.ts";
import { command } from "./command.ts";
import { text } from "#app/platform/cli/command.ts";

export const notionStatus = command({
  name: "notion status",
  summary: "Connection and mirror counts per workspace, without a request to Notion.",
  options: {
    workspace: text("ID", "Only this workspace"),
  },
  async run({ options, io, app }) {
    const { db, notion } = await app();
    if (options.workspace) await getWorkspace(db, options.workspace);
    const workspaces = (await listWorkspaces(db)).filter((workspace) => !options.workspace || workspace.id === options.workspace);
    if (!workspaces.length) io.out("No workspaces yet.");
    for (const workspace of workspaces) {
      const status = await notion.status(workspace.id);
      if (!status.connected) {
        io.out(`${workspace.id}  ${workspace.name}: not connected to Notion.`);
        continue;
      }
      const quotes = status.quotes ? ` and ${status.mirroredQuotes} of ${status.quotes} quotes` : "";
      io.out(
        `${workspace.id}  ${workspace.name}: mirrors to ${status.databaseUrl}; ${status.mirrored} of ${status.invoices} invoices${quotes} have a page; ` +
          `${status.pendingUpdates} updates pending, ${status.failedUpdates} failed.`,
      );
      if (status.failure) io.out(`  Access lost on ${status.failure.since.toISOString()}: ${status.failure.reason}`);
    }
  },
});
