import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { repeated, text, UsageError, workspaceOption } from "#app/platform/cli/command.ts";
import type { NotionConnectResult } from "../connect.ts";
import { mirrorFields } from "../schema.ts";
import { command } from "./command.ts";

export const notionConnect = command({
  name: "notion connect",
  summary: "Check a Notion target, add the columns it lacks, and store the token encrypted.",
  options: {
    ...workspaceOption,
    token: text("SECRET", "The Notion integration's secret (NOTION_TOKEN when not given, which keeps it out of your shell history)"),
    "notion-database": text("URL_OR_ID", "An existing Notion database to mirror invoices into"),
    "parent-page": text("URL_OR_ID", "A Notion page under which Remit creates the database, instead"),
    property: repeated("field=Name", `Another name for one of Remit's columns (${Object.keys(mirrorFields).join(", ")})`),
  },
  async run({ options, io, app }) {
    const token = options.token ?? io.env.NOTION_TOKEN;
    if (!token) throw new UsageError("Give the integration's secret with --token, or in NOTION_TOKEN (keeps it out of your shell history).");
    const database = options["notion-database"];
    const parentPage = options["parent-page"];
    if (Boolean(database) === Boolean(parentPage))
      throw new UsageError("Give either --notion-database (an existing database) or --parent-page (Remit creates one there).");
    const { db, notion } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    const target = database ? { database } : { parentPage: parentPage ?? "" };
    const result = await notion.connect(workspace.id, { token, target, propertyNames: propertyNames(options.property) });
    for (const line of describeConnection(workspace.name, workspace.id, result)) io.out(line);
  },
});

/** `--property customer=Client`: other names for Remit's Notion columns. */
function propertyNames(specs: string[]): Record<string, string> | undefined {
  if (!specs.length) return undefined;
  return Object.fromEntries(
    specs.map((spec) => {
      const separator = spec.indexOf("=");
      if (separator < 1) throw new UsageError(`--property must look like customer=Client (one of: ${Object.keys(mirrorFields).join(", ")}).`);
      return [spec.slice(0, separator).trim(), spec.slice(separator + 1).trim()];
    }),
  );
}

function describeConnection(name: string, workspaceId: string, result: NotionConnectResult): string[] {
  const columns = result.createdDatabase
    ? "created the database with Remit's columns"
    : result.addedProperties.length
      ? `added the columns ${result.addedProperties.join(", ")}`
      : "every column was already there";
  const lines = [`Connected "${name}" to Notion: ${result.databaseUrl} (${columns}).`];
  if (result.invoices) lines.push(`Mirror its ${result.invoices} existing invoices with: remit notion backfill --workspace ${workspaceId}`);
  return lines;
}
