import type { AppContext } from "#app/context.server.ts";
import { listWorkspaces } from "#app/billing/workspaces.server.ts";
import type { BackfillProgress, NotionConnectResult } from "#integrations/notion/index.ts";

/** What `remit notion …` prints. */

export function describeConnection(name: string, workspaceId: string, result: NotionConnectResult): string[] {
  const columns = result.createdDatabase
    ? "created the database with Remit's columns"
    : result.addedProperties.length
      ? `added the columns ${result.addedProperties.join(", ")}`
      : "every column was already there";
  const lines = [`Connected "${name}" to Notion: ${result.databaseUrl} (${columns}).`];
  if (result.invoices) lines.push(`Mirror its ${result.invoices} existing invoices with: remit notion backfill --workspace ${workspaceId}`);
  return lines;
}

export async function describeStatus(app: AppContext, workspaceId: string | undefined): Promise<string[]> {
  const workspaces = (await listWorkspaces(app.db)).filter((workspace) => !workspaceId || workspace.id === workspaceId);
  const lines: string[] = [];
  for (const workspace of workspaces) {
    const status = await app.notion.status(workspace.id);
    if (!status.connected) {
      lines.push(`${workspace.id}  ${workspace.name}: not connected to Notion.`);
      continue;
    }
    lines.push(
      `${workspace.id}  ${workspace.name}: mirrors to ${status.databaseUrl}; ${status.mirrored} of ${status.invoices} invoices have a page; ` +
        `${status.pendingUpdates} updates pending, ${status.failedUpdates} failed.`,
    );
    if (status.failure) lines.push(`  Access lost on ${status.failure.since.toISOString()}: ${status.failure.reason}`);
  }
  if (!lines.length) lines.push("No workspaces yet.");
  return lines;
}

function describeProgress(progress: BackfillProgress): string {
  const { workspaceName, done, total, created, updated, recreated, current, failed } = progress;
  return `${workspaceName}: ${done}/${total} (${created} created, ${updated} updated, ${recreated} recreated, ${current} already current, ${failed} refused)`;
}

/** Progress every `every` invoices and at the end of each workspace. */
export function progressPrinter(print: (line: string) => void, every = 25) {
  return (progress: BackfillProgress) => {
    if (progress.done % every === 0 || progress.done === progress.total) print(describeProgress(progress));
  };
}
