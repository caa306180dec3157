import { randomUUID } from "node:crypto";
import { http, HttpResponse, type JsonBodyType } from "msw";

/**
 * A small, stateful Notion (API version 2025-09-03) for msw: databases hold data sources,
 * data sources hold pages. Objects and errors are shaped as Notion's API reference shows
 * (`object`, `id`, `properties`; errors `{ object: "error", status, code, message }`).
 * Tests arrange its state, make it fail on purpose, and read what was requested.
 */

export const notionApiUrl = "http://notion.test";
const apiVersion = "2025-09-03";
const timestamp = "2026-11-21T09:00:00.000Z";
const bot = { object: "user", id: "9b15170a-9941-4297-8ee6-83fa7649a87a" };

interface PropertySchema {
  id: string;
  name: string;
  type: string;
  description: string | null;
  /** The type's configuration: `{ format }` for numbers, `{ options }` for selects, `{}` otherwise. */
  config: Record<string, unknown>;
}

interface SelectOption {
  id: string;
  name: string;
  color: string;
  description: string | null;
}

interface DataSource {
  id: string;
  databaseId: string;
  name: string;
  properties: PropertySchema[];
}

interface Database {
  id: string;
  title: string;
  parent: { type: "page_id"; page_id: string } | { type: "workspace"; workspace: true };
  inTrash: boolean;
  sharedWith: Set<string>;
  dataSourceIds: string[];
}

interface Row {
  id: string;
  dataSourceId: string;
  inTrash: boolean;
  /** Property id → the value as written (the request's value object). */
  values: Map<string, Record<string, unknown>>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The test clock's time when the request arrived. */
  at: number;
  status: number;
}

interface Failure {
  method?: string;
  pathIncludes?: string;
  times: number;
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
  /** `html`: a gateway's page instead of Notion's JSON (as a 502 from the edge is). */
  body?: "json" | "html";
}

type Json = Record<string, unknown>;

const compactId = (id: string) => id.replaceAll("-", "");
const richText = (content: string) => ({
  type: "text",
  text: { content, link: null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
  plain_text: content,
  href: null,
});

function error(status: number, code: string, message: string, headers?: Record<string, string>) {
  return HttpResponse.json({ object: "error", status, code, message, request_id: randomUUID() }, { status, headers });
}

class NotionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Notion's documented request limits ("Request limits" in the API reference): a request that
 * passes one is refused with 400 validation_error, in Notion's wording.
 */
export const documentedLimits = {
  textContent: 2000,
  richTextItems: 100,
  email: 200,
  url: 2000,
  phoneNumber: 200,
  multiSelect: 100,
  relation: 100,
  people: 100,
  payloadBytes: 500_000,
} as const;

const tooLong = (path: string, limit: number, actual: number) =>
  new NotionError(400, "validation_error", `body failed validation: ${path}.length should be ≤ \`${limit}\`, instead was \`${actual}\`.`);

function checkRichText(path: string, items: unknown): void {
  if (!Array.isArray(items)) return;
  if (items.length > documentedLimits.richTextItems) throw tooLong(path, documentedLimits.richTextItems, items.length);
  items.forEach((item: { text?: { content?: string; link?: { url?: string } | null } }, index) => {
    const content = item.text?.content ?? "";
    if (content.length > documentedLimits.textContent) throw tooLong(`${path}[${index}].text.content`, documentedLimits.textContent, content.length);
    const url = item.text?.link?.url ?? "";
    if (url.length > documentedLimits.url) throw tooLong(`${path}[${index}].text.link.url`, documentedLimits.url, url.length);
  });
}

/** Checks page property values against the documented size limits. */
function checkValueLimits(properties: Record<string, Json>): void {
  for (const [key, value] of Object.entries(properties)) {
    const path = `body.properties.${key}`;
    checkRichText(`${path}.title`, value.title);
    checkRichText(`${path}.rich_text`, value.rich_text);
    // Characters of a text value, items of a list.
    const limited: [string, number][] = [
      ["email", documentedLimits.email],
      ["url", documentedLimits.url],
      ["phone_number", documentedLimits.phoneNumber],
      ["multi_select", documentedLimits.multiSelect],
      ["relation", documentedLimits.relation],
      ["people", documentedLimits.people],
    ];
    for (const [type, limit] of limited) {
      const written = value[type];
      if ((typeof written === "string" || Array.isArray(written)) && written.length > limit) throw tooLong(`${path}.${type}`, limit, written.length);
    }
  }
}

const notFound = (kind: string, id: string) =>
  new NotionError(
    404,
    "object_not_found",
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
const invalid = (message: string) => new NotionError(400, "validation_error", message);

export function createFakeNotion(options: { baseUrl?: string; now?: () => number } = {}) {
  const baseUrl = options.baseUrl ?? notionApiUrl;
  const now = options.now ?? (() => Date.now());
  const tokens = new Set<string>();
  /** Tokens whose integration has only the Read content capability: writes are 403 restricted_resource. */
  const readOnly = new Set<string>();
  const parentPages = new Map<string, Set<string>>();
  const databases = new Map<string, Database>();
  const dataSources = new Map<string, DataSource>();
  const rows = new Map<string, Row>();
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];

  let propertyCounter = 0;
  const newPropertyId = () => encodeURIComponent(`p${(++propertyCounter).toString(36)};`);

  function propertySchema(name: string, config: Json): PropertySchema {
    const type = Object.keys(config).find((key) => key !== "description" && key !== "name" && key !== "type");
    if (!type) throw invalid(`body failed validation: body.properties.${name} should define a property type.`);
    const typeConfig = { ...(config[type] as Json) };
    if (type === "select") typeConfig.options = selectOptions([], (typeConfig.options as Json[] | undefined) ?? []);
    return {
      id: type === "title" ? "title" : newPropertyId(),
      name,
      type,
      description: (config.description as string | undefined) ?? null,
      config: typeConfig,
    };
  }

  function selectOptions(existing: SelectOption[], requested: Json[]): SelectOption[] {
    return requested.map((option) => {
      const known = existing.find((candidate) => candidate.id === option.id || (!option.id && candidate.name === option.name));
      return {
        id: known?.id ?? randomUUID().slice(0, 8),
        name: (option.name as string | undefined) ?? known?.name ?? "",
        color: (option.color as string | undefined) ?? known?.color ?? "default",
        description: null,
      };
    });
  }

  function authorize(request: Request): string {
    if (request.headers.get("notion-version") !== apiVersion) {
      throw new NotionError(400, "missing_version", `Notion-Version header should be "${apiVersion}" in this fake.`);
    }
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (!tokens.has(token)) throw new NotionError(401, "unauthorized", "API token is invalid.");
    if (readOnly.has(token) && request.method !== "GET" && !new URL(request.url).pathname.endsWith("/query")) {
      throw new NotionError(403, "restricted_resource", "API token does not have access to this resource.");
    }
    return token;
  }

  function databaseFor(token: string, id: string): Database {
    const database = databases.get(id);
    if (!database || !database.sharedWith.has(token)) throw notFound("database", id);
    return database;
  }

  function dataSourceFor(token: string, id: string): DataSource {
    const source = dataSources.get(id);
    if (!source) throw notFound("data_source", id);
    databaseFor(token, source.databaseId);
    return source;
  }

  function rowFor(token: string, id: string): Row {
    const row = rows.get(id);
    if (!row) throw notFound("page", id);
    try {
      dataSourceFor(token, row.dataSourceId);
    } catch {
      throw notFound("page", id);
    }
    return row;
  }

  function databaseObject(database: Database): Json {
    return {
      object: "database",
      id: database.id,
      title: [richText(database.title)],
      description: [],
      parent: database.parent,
      is_inline: false,
      in_trash: database.inTrash,
      archived: database.inTrash,
      is_locked: false,
      created_time: timestamp,
      last_edited_time: timestamp,
      created_by: bot,
      last_edited_by: bot,
      data_sources: database.dataSourceIds.map((id) => ({ id, name: dataSources.get(id)?.name ?? "" })),
      icon: null,
      cover: null,
      url: `https://www.notion.so/${compactId(database.id)}`,
      public_url: null,
    };
  }

  function dataSourceObject(source: DataSource): Json {
    const database = databases.get(source.databaseId)!;
    return {
      object: "data_source",
      id: source.id,
      title: [richText(source.name)],
      description: [],
      parent: { type: "database_id", database_id: source.databaseId },
      database_parent: database.parent,
      is_inline: false,
      in_trash: database.inTrash,
      archived: database.inTrash,
      created_time: timestamp,
      last_edited_time: timestamp,
      created_by: bot,
      last_edited_by: bot,
      properties: Object.fromEntries(
        source.properties.map((property) => [
          property.name,
          { id: property.id, name: property.name, type: property.type, description: property.description, [property.type]: property.config },
        ]),
      ),
      icon: null,
      cover: null,
      url: `https://www.notion.so/${compactId(source.id)}`,
      public_url: null,
    };
  }

  function valueResponse(property: PropertySchema, value: Record<string, unknown> | undefined): unknown {
    const written = value?.[property.type];
    switch (property.type) {
      case "title":
      case "rich_text":
        return ((written as { text: { content: string } }[] | undefined) ?? []).map((item) => richText(item.text.content));
      case "select": {
        const name = (written as { name: string } | null | undefined)?.name;
        const option = (property.config.options as SelectOption[]).find((candidate) => candidate.name === name);
        return option ? { id: option.id, name: option.name, color: option.color } : null;
      }
      case "date":
        return written ? { start: (written as { start: string }).start, end: null, time_zone: null } : null;
      default:
        return written ?? null;
    }
  }

  function pageObject(row: Row): Json {
    const source = dataSources.get(row.dataSourceId)!;
    return {
      object: "page",
      id: row.id,
      created_time: timestamp,
      last_edited_time: timestamp,
      created_by: bot,
      last_edited_by: bot,
      cover: null,
      icon: null,
      parent: { type: "data_source_id", data_source_id: source.id, database_id: source.databaseId },
      archived: row.inTrash,
      in_trash: row.inTrash,
      is_locked: false,
      properties: Object.fromEntries(
        source.properties.map((property) => [
          property.name,
          { id: property.id, type: property.type, [property.type]: valueResponse(property, row.values.get(property.id)) },
        ]),
      ),
      url: `https://www.notion.so/${compactId(row.id)}`,
      public_url: null,
    };
  }

  function findProperty(source: DataSource, key: string): PropertySchema | undefined {
    return source.properties.find((property) => property.id === key || property.name === key);
  }

  /** Checks a page write against the schema and the size limits as Notion does; new select options are created. */
  function writeValues(source: DataSource, row: Row, properties: Record<string, Json>): void {
    checkValueLimits(properties);
    for (const [key, value] of Object.entries(properties)) {
      const property = findProperty(source, key);
      if (!property) throw invalid(`${key} is not a property that exists.`);
      if (!(property.type in value)) throw invalid(`${property.name} is expected to be ${property.type}.`);
      const name = property.type === "select" ? (value.select as { name?: string } | null)?.name : undefined;
      const options = property.config.options as SelectOption[] | undefined;
      if (name && options && !options.some((option) => option.name === name)) options.push(...selectOptions([], [{ name }]));
      row.values.set(property.id, value);
    }
  }

  async function body(request: Request): Promise<Json> {
    const text = await request.text();
    const bytes = Buffer.byteLength(text);
    if (bytes > documentedLimits.payloadBytes) throw new NotionError(413, "validation_error", `Request body too large: ${bytes} bytes; the limit is 500KB.`);
    try {
      return (JSON.parse(text || "{}") as Json | null) ?? {};
    } catch {
      throw new NotionError(400, "invalid_json", "Error parsing JSON body.");
    }
  }

  /** A request's token and then its body: the token is checked before the body is read. */
  async function authorizedBody(request: Request): Promise<{ token: string; input: Json }> {
    const token = authorize(request);
    return { token, input: await body(request) };
  }

  /** Answers a request: recorded, maybe failed on purpose, errors as Notion shapes them. */
  function route(method: string, handle: (request: Request, params: Record<string, string>) => Promise<Json>) {
    return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      const path = new URL(request.url).pathname;
      const record: RecordedRequest = { method, path, at: now(), status: 200 };
      requests.push(record);
      const failure = failures.find(
        (candidate) => (!candidate.method || candidate.method === method) && (!candidate.pathIncludes || path.includes(candidate.pathIncludes)),
      );
      if (failure) {
        if (--failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
        record.status = failure.status;
        if (failure.body === "html") {
          return new HttpResponse(`<html><head><title>${failure.status}</title></head><body>${failure.message}</body></html>`, {
            status: failure.status,
            headers: { "content-type": "text/html", ...failure.headers },
          });
        }
        return error(failure.status, failure.code, failure.message, failure.headers);
      }
      try {
        return HttpResponse.json((await handle(request, params as Record<string, string>)) as JsonBodyType);
      } catch (thrown) {
        if (!(thrown instanceof NotionError)) throw thrown;
        record.status = thrown.status;
        return error(thrown.status, thrown.code, thrown.message);
      }
    };
  }

  function createDataSource(database: Database, name: string, properties: Record<string, Json>): DataSource {
    const schema = Object.entries(properties).map(([propertyName, config]) => propertySchema(propertyName, config));
    if (schema.filter((property) => property.type === "title").length !== 1) throw invalid("A data source needs exactly one title property.");
    const source: DataSource = { id: randomUUID(), databaseId: database.id, name, properties: schema };
    dataSources.set(source.id, source);
    database.dataSourceIds.push(source.id);
    return source;
  }

  const handlers = [
    http.get(
      `${baseUrl}/v1/databases/:id`,
      route("GET", async (request, { id }) => databaseObject(databaseFor(authorize(request), id!))),
    ),

    http.post(
      `${baseUrl}/v1/databases`,
      route("POST", async (request) => {
        const { token, input } = await authorizedBody(request);
        const parent = input.parent as { type: string; page_id: string };
        if (parent?.type !== "page_id" || !parentPages.get(parent.page_id)?.has(token)) throw notFound("page", parent?.page_id ?? "");
        const title = ((input.title as { text: { content: string } }[] | undefined) ?? []).map((item) => item.text.content).join("");
        const database: Database = {
          id: randomUUID(),
          title,
          parent: { type: "page_id", page_id: parent.page_id },
          inTrash: false,
          sharedWith: new Set([token]),
          dataSourceIds: [],
        };
        databases.set(database.id, database);
        const initial = (input.initial_data_source as { properties?: Record<string, Json> } | undefined)?.properties ?? { Name: { title: {} } };
        createDataSource(database, title, initial);
        return databaseObject(database);
      }),
    ),

    http.get(
      `${baseUrl}/v1/data_sources/:id`,
      route("GET", async (request, { id }) => dataSourceObject(dataSourceFor(authorize(request), id!))),
    ),

    http.patch(
      `${baseUrl}/v1/data_sources/:id`,
      route("PATCH", async (request, { id }) => {
        const source = dataSourceFor(authorize(request), id!);
        const input = await body(request);
        for (const [key, change] of Object.entries((input.properties as Record<string, Json | null> | undefined) ?? {})) {
          const property = findProperty(source, key);
          if (change === null) {
            if (property) source.properties.splice(source.properties.indexOf(property), 1);
            continue;
          }
          if (!property) {
            if (typeof change.name === "string" && Object.keys(change).length === 1) throw invalid(`${key} is not a property that exists.`);
            source.properties.push(propertySchema(key, change));
            continue;
          }
          if (typeof change.name === "string") property.name = change.name;
          if (typeof change.description === "string") property.description = change.description;
          const type = Object.keys(change).find((candidate) => !["name", "description", "type"].includes(candidate));
          if (!type) continue;
          if (property.type === "title" && type !== "title") throw invalid("The title property's type cannot be changed.");
          const config = { ...(change[type] as Json) };
          if (type === "select")
            config.options = selectOptions((property.config.options as SelectOption[] | undefined) ?? [], (config.options as Json[] | undefined) ?? []);
          property.type = type;
          property.config = config;
        }
        return dataSourceObject(source);
      }),
    ),

    http.post(
      `${baseUrl}/v1/data_sources/:id/query`,
      route("POST", async (request, { id }) => {
        const source = dataSourceFor(authorize(request), id!);
        const input = await body(request);
        const filter = input.filter as { property: string; rich_text?: { equals: string } } | undefined;
        const property = filter ? findProperty(source, filter.property) : undefined;
        if (filter && !property) throw invalid(`Could not find property with name or id: ${filter.property}`);
        const results = [...rows.values()].filter((row) => {
          if (row.dataSourceId !== source.id || row.inTrash !== Boolean(input.in_trash)) return false;
          if (!filter || !property) return true;
          const written = (row.values.get(property.id)?.rich_text as { text: { content: string } }[] | undefined) ?? [];
          return written.map((item) => item.text.content).join("") === filter.rich_text?.equals;
        });
        const pageSize = (input.page_size as number | undefined) ?? 100;
        return {
          object: "list",
          results: results.slice(0, pageSize).map(pageObject),
          next_cursor: null,
          has_more: results.length > pageSize,
          type: "page_or_data_source",
          page_or_data_source: {},
        };
      }),
    ),

    http.post(
      `${baseUrl}/v1/pages`,
      route("POST", async (request) => {
        const { token, input } = await authorizedBody(request);
        const parent = input.parent as { type: string; data_source_id: string };
        if (parent?.type !== "data_source_id") throw invalid("This fake only creates pages in data sources.");
        const source = dataSourceFor(token, parent.data_source_id);
        if (databases.get(source.databaseId)?.inTrash) throw invalid("Can't edit block that is archived. You must unarchive the block before editing.");
        const row: Row = { id: randomUUID(), dataSourceId: source.id, inTrash: false, values: new Map() };
        writeValues(source, row, (input.properties as Record<string, Json> | undefined) ?? {});
        rows.set(row.id, row);
        return pageObject(row);
      }),
    ),

    http.patch(
      `${baseUrl}/v1/pages/:id`,
      route("PATCH", async (request, { id }) => {
        const row = rowFor(authorize(request), id!);
        const input = await body(request);
        if (typeof input.in_trash === "boolean") row.inTrash = input.in_trash;
        else if (row.inTrash) throw invalid("Can't edit block that is archived. You must unarchive the block before editing.");
        writeValues(dataSources.get(row.dataSourceId)!, row, (input.properties as Record<string, Json> | undefined) ?? {});
        return pageObject(row);
      }),
    ),
  ];

  /** A readable row: property name → plain value (text, number, select name, date start). */
  function plainRow(row: Row): Record<string, unknown> {
    const page = pageObject(row);
    return Object.fromEntries(
      Object.entries(page.properties as Record<string, { type: string } & Record<string, unknown>>).map(([name, property]) => {
        const value = property[property.type];
        if (Array.isArray(value)) return [name, value.map((item: { plain_text: string }) => item.plain_text).join("")];
        if (value && typeof value === "object" && "name" in value) return [name, (value as { name: string }).name];
        if (value && typeof value === "object" && "start" in value) return [name, (value as { start: string }).start];
        return [name, value];
      }),
    );
  }

  return {
    handlers,
    requests,
    addToken(token: string) {
      tokens.add(token);
    },
    revokeToken(token: string) {
      tokens.delete(token);
    },
    /** The integration loses its Update and Insert content capabilities: writes answer 403 restricted_resource. */
    makeReadOnly(token: string) {
      readOnly.add(token);
    },
    /** A page the integration can create a database under. */
    addParentPage(sharedWith: string[], id: string = randomUUID()): string {
      parentPages.set(id, new Set(sharedWith));
      return id;
    },
    /** An existing database with one data source and the vendor's own columns. */
    addDatabase(input: { title: string; sharedWith: string[]; properties: Record<string, Json> }) {
      const database: Database = {
        id: randomUUID(),
        title: input.title,
        parent: { type: "workspace", workspace: true },
        inTrash: false,
        sharedWith: new Set(input.sharedWith),
        dataSourceIds: [],
      };
      databases.set(database.id, database);
      const source = createDataSource(database, input.title, input.properties);
      return { databaseId: database.id, dataSourceId: source.id };
    },
    unshareDatabase(databaseId: string, token: string) {
      databases.get(databaseId)?.sharedWith.delete(token);
    },
    databaseIds: () => [...databases.keys()],
    /** The data source's columns, by name, as its object shows them. */
    schema(dataSourceId: string): Record<string, { id: string; type: string } & Json> {
      return dataSourceObject(dataSources.get(dataSourceId)!).properties as Record<string, { id: string; type: string } & Json>;
    },
    renameProperty(dataSourceId: string, from: string, to: string) {
      const property = dataSources.get(dataSourceId)!.properties.find((candidate) => candidate.name === from)!;
      property.name = to;
    },
    removeProperty(dataSourceId: string, name: string) {
      const source = dataSources.get(dataSourceId)!;
      source.properties = source.properties.filter((property) => property.name !== name);
    },
    /** Live (not trashed) pages of a data source, as plain rows with their ids. */
    pages(dataSourceId: string) {
      return [...rows.values()].filter((row) => row.dataSourceId === dataSourceId && !row.inTrash).map((row) => ({ id: row.id, ...plainRow(row) }));
    },
    page(pageId: string) {
      const row = rows.get(pageId);
      return row ? { id: row.id, inTrash: row.inTrash, ...plainRow(row) } : null;
    },
    trashPage(pageId: string) {
      rows.get(pageId)!.inTrash = true;
    },
    /** Gone for good (emptied from the trash): Notion answers 404. */
    deletePage(pageId: string) {
      rows.delete(pageId);
    },
    /** The next `times` matching requests fail with this status and error code. */
    failNext(failure: Omit<Failure, "message"> & { message?: string }) {
      failures.push({ message: `Injected ${failure.code}`, ...failure });
    },
    /** Ends an outage made with failNext. */
    clearFailures() {
      failures.length = 0;
    },
  };
}

export type FakeNotion = ReturnType<typeof createFakeNotion>;
