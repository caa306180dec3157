import { context, input, plain, valueId } from "../blocks/kit.ts";
import type { SettingsSection, Values } from "./section.ts";
import { textValue } from "./section.ts";

const token = "settings_notion_token";
const database = "settings_notion_database";
const parentPage = "settings_notion_parent_page";

/** What the Slack settings need of the Notion mirror (the running app's Notion service fits). */
export interface NotionConnector {
  connect(
    workspaceId: string,
    input: { token: string; target: { database: string } | { parentPage: string } },
  ): Promise<{ databaseUrl: string; createdDatabase: boolean; addedProperties: string[]; invoices: number }>;
  backfill(options: { workspaceId: string }): Promise<unknown>;
  status(workspaceId: string): Promise<{ connectedAt: Date | null }>;
}

export interface NotionRequest {
  token: string;
  target: { database: string } | { parentPage: string };
}

/** The Notion connection the person asked for in the form, if any (checked by `read`). */
export function notionRequest(values: Values): NotionRequest | null {
  const secret = textValue(values, token);
  const db = textValue(values, database);
  const page = textValue(values, parentPage);
  if (!secret) return null;
  return { token: secret, target: db ? { database: db } : { parentPage: page } };
}

/**
 * Connecting Notion: a token and either the database to mirror into or a page to create it
 * under. Left empty, the connection stays as it is. Connecting takes longer than Slack lets a
 * form wait, so it runs after the form closes and the person gets the outcome by message.
 */
export const notionSection: SettingsSection = {
  title: "Notion",
  blocks: (_workspace, extras) => [
    context(
      extras.notionConnectedAt
        ? `Invoices are mirrored to your Notion database since ${extras.notionConnectedAt.toISOString().slice(0, 10)}. Fill in the fields below only to change it.`
        : "Mirror every invoice into a Notion database: create an internal integration in Notion, share the database (or a page) with it, and paste both here.",
    ),
    input({
      blockId: token,
      label: "Notion integration token",
      optional: true,
      hint: "From notion.so/my-integrations: the Internal Integration Secret (ntn_… or secret_…). Stored encrypted.",
      element: { type: "plain_text_input", action_id: valueId, placeholder: plain("ntn_…") },
    }),
    input({
      blockId: database,
      label: "Notion database link",
      optional: true,
      hint: "The database to keep one page per invoice in. Missing columns are added; yours are left alone.",
      element: { type: "url_text_input", action_id: valueId },
    }),
    input({
      blockId: parentPage,
      label: "…or a page to create the database in",
      optional: true,
      element: { type: "url_text_input", action_id: valueId },
    }),
  ],
  read(values) {
    const secret = textValue(values, token);
    const db = textValue(values, database);
    const page = textValue(values, parentPage);
    const problem: [string, string] | null =
      db && page
        ? [parentPage, "Give the database link or a page, not both."]
        : secret && !db && !page
          ? [database, "Give the database link, or a page to create the database in."]
          : !secret && (db || page)
            ? [token, "Paste the integration token to connect."]
            : null;
    return problem ? { ok: false, errors: { [problem[0]]: problem[1] } } : { ok: true, value: {} };
  },
  fields: {},
};

/** Plain words for the result of a connection, for the person who asked. */
export function connectedMessage(result: { databaseUrl: string; createdDatabase: boolean; addedProperties: string[]; invoices: number }): string {
  const what = result.createdDatabase ? "Created a Notion database" : "Connected your Notion database";
  const added = result.addedProperties.length ? ` Added the columns ${result.addedProperties.join(", ")}.` : "";
  return `:white_check_mark: ${what}: <${result.databaseUrl}|open it in Notion>.${added} Mirroring your ${result.invoices} invoices there now; new changes follow within seconds.`;
}
