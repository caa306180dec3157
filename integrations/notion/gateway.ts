import { createHash } from "node:crypto";
import { Client, isFullDatabase, isFullPage, LogLevel, type DataSourceObjectResponse, type PartialDataSourceObjectResponse } from "@notionhq/client";
import { log } from "#app/platform/config/log.server.ts";
import { NotionApiError, toNotionApiError } from "./errors.ts";
import type { Clock, RateLimiter } from "./rate-limiter.ts";
import { fullSchema, type ExistingProperty, type MirrorField, type PageProperties, type SchemaPlan } from "./schema.ts";

export interface DatabaseInfo {
  id: string;
  url: string;
  inTrash: boolean;
  dataSources: { id: string; name: string }[];
}

export interface DataSourceInfo {
  id: string;
  databaseId: string | null;
  properties: ExistingProperty[];
}

export interface GatewayOptions {
  token: string;
  /** Whose request this is: the limiter serves workspaces sharing a token in turn. */
  workspaceId: string;
  baseUrl: string;
  timeoutMs: number;
  limiter: RateLimiter;
  clock: Clock;
}

/** The limiter's key for a token: a digest, so the token itself is not kept around as a key. */
function tokenKey(token: string): string {
  return createHash("sha256").update(token).digest("base64url").slice(0, 16);
}

function dataSourceInfo(response: DataSourceObjectResponse | PartialDataSourceObjectResponse): DataSourceInfo {
  return {
    id: response.id,
    databaseId: "parent" in response && response.parent.type === "database_id" ? response.parent.database_id : null,
    properties: Object.values(response.properties).map((property) => ({
      id: property.id,
      name: property.name,
      type: property.type,
      ...(property.type === "select" ? { options: property.select.options.map(({ id, name }) => ({ id, name })) } : {}),
    })),
  };
}

function databaseInfo(response: Awaited<ReturnType<Client["databases"]["retrieve"]>>): DatabaseInfo {
  if (!isFullDatabase(response)) throw new NotionApiError("forbidden", "The integration cannot read this database (it needs the Read content capability).");
  return { id: response.id, url: response.url, inTrash: response.in_trash, dataSources: response.data_sources.map(({ id, name }) => ({ id, name })) };
}

/**
 * The Notion calls the mirror makes, in Remit's own types. Every call waits its turn in the
 * limiter (per token, round-robin per workspace), and every failure becomes a NotionApiError.
 * The SDK's own retries are off: the outbox retries, with backoff, without holding a worker.
 */
export function createGateway(options: GatewayOptions) {
  const key = tokenKey(options.token);
  const client = new Client({
    auth: options.token,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    retry: false,
    logLevel: LogLevel.WARN,
    logger: (level, message, extra) => log.debug(`Notion client: ${message}`, { level, code: extra.code }),
  });

  async function call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await options.limiter.schedule(key, options.workspaceId, request);
    } catch (error) {
      const failure = toNotionApiError(error, options.clock.now());
      // Whenever Notion says when to come back (429, 529, a 503 with Retry-After), every request on this token waits.
      if (failure.retryAfterMs !== null) {
        options.limiter.pause(key, options.clock.now() + failure.retryAfterMs);
      }
      throw failure;
    }
  }

  return {
    retrieveDatabase: async (databaseId: string): Promise<DatabaseInfo> =>
      databaseInfo(await call(() => client.databases.retrieve({ database_id: databaseId }))),

    /** A full-page database under `parentPageId`, with one data source holding Remit's columns. */
    createDatabase: async (parentPageId: string, title: string, names: Record<MirrorField, string>): Promise<DatabaseInfo> =>
      databaseInfo(
        await call(() =>
          client.databases.create({
            parent: { type: "page_id", page_id: parentPageId },
            title: [{ type: "text", text: { content: title } }],
            is_inline: false,
            initial_data_source: { properties: fullSchema(names) },
          }),
        ),
      ),

    retrieveDataSource: async (dataSourceId: string): Promise<DataSourceInfo> =>
      dataSourceInfo(await call(() => client.dataSources.retrieve({ data_source_id: dataSourceId }))),

    /** Adds (or extends) properties; properties not named here are left as they are. */
    updateDataSourceProperties: async (dataSourceId: string, properties: SchemaPlan["changes"]): Promise<DataSourceInfo> =>
      dataSourceInfo(await call(() => client.dataSources.update({ data_source_id: dataSourceId, properties }))),

    /** The live (not trashed) page whose text property `propertyId` equals `value`, if any. */
    findPage: async (dataSourceId: string, propertyId: string, value: string): Promise<string | null> => {
      const response = await call(() =>
        client.dataSources.query({
          data_source_id: dataSourceId,
          filter: { property: propertyId, rich_text: { equals: value } },
          page_size: 1,
          result_type: "page",
        }),
      );
      const [page] = response.results;
      return page && page.object === "page" && !(isFullPage(page) && page.in_trash) ? page.id : null;
    },

    createPage: async (dataSourceId: string, properties: PageProperties): Promise<string> =>
      (await call(() => client.pages.create({ parent: { type: "data_source_id", data_source_id: dataSourceId }, properties }))).id,

    /** Writes the properties; says whether the page turned out to be in the trash. */
    updatePage: async (pageId: string, properties: PageProperties): Promise<{ inTrash: boolean }> => {
      const page = await call(() => client.pages.update({ page_id: pageId, properties }));
      return { inTrash: isFullPage(page) && (page.in_trash || page.archived) };
    },
  };
}

export type NotionGateway = ReturnType<typeof createGateway>;
