import type { BackfillProgress } from "../backfill.ts";
import { command } from "./command.ts";
import { flag, text } from "#app/platform/cli/command.ts";

export const notionBackfill = command({
  name: "notion backfill",
  summary: "Mirror existing invoices and quotes into Notion (resumable).",
  options: {
    workspace: text("ID", "Only this workspace"),
    force: flag("Rewrite every page, not only the ones behind"),
  },
  async run({ options, io, app }) {
    const { notion } = await app();
    const applied = await notion.applyEnvironment();
    if (applied) io.out(applied);
    const reports = await notion.backfill({ workspaceId: options.workspace, force: options.force, onProgress: progressPrinter(io.out) });
    if (!reports.length) io.out("No workspace is connected to Notion yet. Connect one with: remit notion connect --workspace ID …");
  },
});

function describeProgress(progress: BackfillProgress): string {
  const { workspaceName, done, total, created, updated, recreated, current, failed } = progress;
  return `${workspaceName}: ${done}/${total} (${created} created, ${updated} updated, ${recreated} recreated, ${current} already current, ${failed} refused)`;
}

/** Progress every `every` invoices or quotes and at the end of each workspace. */
function progressPrinter(print: (line: string) => void, every = 25) {
  return (progress: BackfillProgress) => {
    if (progress.done % every === 0 || progress.done === progress.total) print(describeProgress(progress));
  };
}
