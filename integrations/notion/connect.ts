import { extractNotionId } from "@notionhq/client";
import type { Db } from "#app/platform/db/database.server.ts";
import { notionDatabaseUrl, NotionConnectError, readNotionConnection, saveNotionConnection, type NotionConnection } from "./store.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { NotionApiError } from "./errors.ts";
import type { DatabaseInfo, NotionGateway } from "./gateway.ts";
import { mirrorFieldNames, planSchema, propertyNames, resolvePropertyMap, touchChange, type MirrorField, type PropertyMap } from "./schema.ts";

/** What a workspace connects: a token, and a database to fill or a page to create one under. */
export interface NotionConnectInput {
  /** The internal integration's secret (notion.so/my-integrations). */
  token: string;
  /** A database (link or id; a data source id works too), or a page to create the database under. */
  target: { database: string } | { parentPage: string };
  /** Other names for Remit's columns than the defaults, e.g. { customer: "Client" }. */
  propertyNames?: Partial<Record<MirrorField, string>>;
}

export interface NotionConnectResult {
  databaseId: string;
  dataSourceId: string;
  databaseUrl: string;
  /** Remit created the database under the given page. */
  createdDatabase: boolean;
  /** Columns Remit added to an existing database. */
  addedProperties: string[];
  /** Invoices the workspace has: `remit notion backfill` writes those not mirrored yet. */
  invoices: number;
}

const databaseTitle = "Invoices (Remit)";

export interface ConnectDeps {
  db: Db;
  encryptionKey: Buffer;
  now: () => Date;
  gatewayFor: (token: string, workspaceId: string) => NotionGateway;
}

function targetId(input: NotionConnectInput["target"]): { kind: "database" | "page"; id: string } {
  const [kind, value] = "database" in input ? (["database", input.database] as const) : (["page", input.parentPage] as const);
  const id = extractNotionId(value.trim());
  if (!id) {
    throw new NotionConnectError(
      "target",
      kind === "database"
        ? "That does not look like a Notion database link or id. In Notion, open the database and use Share → Copy link."
        : "That does not look like a Notion page link or id. In Notion, open the page and use Share → Copy link.",
    );
  }
  return { kind, id };
}

function checkedNames(chosen: NotionConnectInput["propertyNames"]): Record<MirrorField, string> {
  for (const [field, name] of Object.entries(chosen ?? {})) {
    if (!mirrorFieldNames.includes(field as MirrorField)) {
      throw new NotionConnectError("properties", `Unknown column "${field}". Remit's columns are: ${mirrorFieldNames.join(", ")}.`);
    }
    if (!name?.trim() || name.length > 100) throw new NotionConnectError("properties", `The name for "${field}" must be 1 to 100 characters.`);
  }
  const names = propertyNames(Object.fromEntries(Object.entries(chosen ?? {}).map(([field, name]) => [field, name?.trim()])));
  const taken = new Set<string>();
  for (const name of Object.values(names)) {
    if (taken.has(name)) throw new NotionConnectError("properties", `Two of Remit's columns would both be called "${name}".`);
    taken.add(name);
  }
  return names;
}

/** Notion's refusals, said in words a vendor can act on, attached to the input to fix. */
function plainWords(error: unknown, kind: "database" | "page"): unknown {
  if (!(error instanceof NotionApiError)) return error;
  const what = kind === "database" ? "database" : "page";
  switch (error.kind) {
    case "unauthorized":
      return new NotionConnectError(
        "token",
        "Notion did not accept this token. Copy the Internal Integration Secret again from notion.so/my-integrations (it starts with ntn_).",
      );
    case "not_found":
      return new NotionConnectError(
        "target",
        `Remit's integration cannot see this ${what}. In Notion, open the ${what}, choose ••• → Connections and add your integration, then try again.`,
      );
    case "forbidden":
      return new NotionConnectError(
        "target",
        `The integration may read but not edit this ${what}. Give it the Read, Update and Insert content capabilities (notion.so/my-integrations → Capabilities), then try again.`,
      );
    case "archived":
      return new NotionConnectError("target", `This ${what} is in Notion's trash. Restore it first, or choose another one.`);
    case "invalid":
      return new NotionConnectError("target", `Notion refused: ${error.message.replace(/^Notion answered \d+ \w+: /, "")}`);
    case "rate_limited":
      return new NotionConnectError("target", `Notion asks Remit to slow down. Try again in ${Math.ceil((error.retryAfterMs ?? 1000) / 1000)} seconds.`);
    case "unavailable":
      return new NotionConnectError("target", "Notion could not be reached just now. Try again in a minute.");
  }
}

/**
 * Checks a token and a target and stores them: the database is read (or created under the
 * page), Remit's missing columns are added — which also proves the integration may write — and
 * the token is stored encrypted. Reconnecting clears a recorded failure and retries the updates
 * that failed meanwhile.
 */
export async function connectNotion(deps: ConnectDeps, workspaceId: string, input: NotionConnectInput): Promise<NotionConnectResult> {
  await getWorkspace(deps.db, workspaceId);
  const token = input.token.trim();
  if (!token || /\s/.test(token)) {
    throw new NotionConnectError("token", "Paste the integration's Internal Integration Secret from notion.so/my-integrations (it starts with ntn_).");
  }
  const target = targetId(input.target);
  const names = checkedNames(input.propertyNames);
  const gateway = deps.gatewayFor(token, workspaceId);
  const current = await readNotionConnection(deps.db, deps.encryptionKey, workspaceId);
  try {
    const { database, dataSourceId, created } =
      target.kind === "page" ? await databaseUnderPage(gateway, target.id, names, current) : await existingDatabase(gateway, target.id);
    const dataSource = await gateway.retrieveDataSource(dataSourceId);
    const known = current?.dataSourceId === dataSourceId ? (current.properties as Partial<PropertyMap>) : {};
    const plan = planSchema(dataSource.properties, names, known);
    if (plan.conflicts.length) {
      const list = plan.conflicts.map((conflict) => `"${conflict.name}" is a ${conflict.type} property (Remit writes ${conflict.wanted} there)`);
      throw new NotionConnectError(
        "properties",
        `The database has columns Remit cannot use: ${list.join("; ")}. Rename them in Notion, or give Remit's columns other names.`,
      );
    }
    let after = dataSource;
    if (Object.keys(plan.changes).length) after = await gateway.updateDataSourceProperties(dataSourceId, plan.changes);
    else if (!created && plan.found.remitId) after = await gateway.updateDataSourceProperties(dataSourceId, touchChange({ remitId: plan.found.remitId }));
    const properties = resolvePropertyMap(plan, after.properties, names);
    if (!properties)
      throw new NotionConnectError("properties", "Notion did not add Remit's columns. Check that the integration may edit the database, then try again.");
    await saveNotionConnection(deps.db, deps.encryptionKey, workspaceId, {
      token,
      target: { databaseId: database.id, dataSourceId, parentPageId: target.kind === "page" ? target.id : null, properties },
      now: deps.now(),
    });
    return {
      databaseId: database.id,
      dataSourceId,
      databaseUrl: database.url || notionDatabaseUrl(database.id),
      createdDatabase: created,
      addedProperties: created ? [] : plan.added,
      invoices: await deps.db.invoice.count({ where: { workspaceId } }),
    };
  } catch (error) {
    throw plainWords(error, target.kind);
  }
}

function onlyDataSource(database: DatabaseInfo): string {
  const [first, ...others] = database.dataSources;
  if (!first) throw new NotionConnectError("target", "This database has no data source Remit can write to.");
  if (others.length) {
    const names = database.dataSources.map((source) => `"${source.name}"`).join(", ");
    throw new NotionConnectError(
      "target",
      `This database has ${database.dataSources.length} data sources (${names}). Give the id of the one Remit should fill (••• → Manage data sources → Copy data source ID).`,
    );
  }
  return first.id;
}

/** A database by its id — or, when that id is a data source's, the database holding it. */
async function existingDatabase(gateway: NotionGateway, id: string) {
  try {
    const database = await gateway.retrieveDatabase(id);
    if (database.inTrash) throw new NotionApiError("archived", "The database is in the trash.");
    return { database, dataSourceId: onlyDataSource(database), created: false };
  } catch (error) {
    if (!(error instanceof NotionApiError && error.kind === "not_found")) throw error;
    const dataSource = await gateway.retrieveDataSource(id).catch(() => Promise.reject(error));
    if (!dataSource.databaseId) throw error;
    return { database: await gateway.retrieveDatabase(dataSource.databaseId), dataSourceId: dataSource.id, created: false };
  }
}

/** The database Remit made under this page before, if it is still there; otherwise a new one. */
async function databaseUnderPage(gateway: NotionGateway, pageId: string, names: Record<MirrorField, string>, current: NotionConnection | null) {
  if (current?.parentPageId === pageId) {
    try {
      const database = await gateway.retrieveDatabase(current.databaseId);
      if (!database.inTrash && database.dataSources.some((source) => source.id === current.dataSourceId)) {
        return { database, dataSourceId: current.dataSourceId, created: false };
      }
    } catch (error) {
      if (!(error instanceof NotionApiError && (error.kind === "not_found" || error.kind === "archived"))) throw error;
    }
  }
  const database = await gateway.createDatabase(pageId, databaseTitle, names);
  return { database, dataSourceId: onlyDataSource(database), created: true };
}
