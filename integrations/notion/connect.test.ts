import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "#app/platform/config/env.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { NotionConnectError } from "./store.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import { createTestDatabase, usingPostgresServer } from "#tests/database.ts";
import { aNotionConnection, aVendor, aWorkspace } from "#tests/fixtures.ts";
import { notionTestbed, notionToken } from "#tests/notion.ts";
import { mirrorFields } from "./schema.ts";
import { testNow } from "#tests/clock.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const compact = (id: string) => id.replaceAll("-", "");
const remitColumns = Object.values(mirrorFields).map((field) => [field.name, field.type] as const);
/** The Status select's options: the invoices' states, then the quotes' (they share the database, decision 121). */
const statusNames = ["Draft", "Open", "Overdue", "Paid", "Void", "Uncollectible", "Sent", "Accepted", "Declined", "Expired", "Withdrawn"];

describe("connecting a workspace to Notion", () => {
  it("creates the database under a page with every column, stores the token encrypted, and does not create it twice", async () => {
    const db = database.prisma;
    const { fake, service } = notionTestbed(database);
    const { workspace } = await aVendor(db);
    const pageId = fake.addParentPage([notionToken]);

    const result = await service.connect(workspace.id, { token: notionToken, target: { parentPage: `https://www.notion.so/acme/Billing-${compact(pageId)}` } });

    expect(result).toMatchObject({ createdDatabase: true, addedProperties: [], invoices: 0 });
    expect(fake.databaseIds()).toEqual([result.databaseId]);
    const schema = fake.schema(result.dataSourceId);
    for (const [name, type] of remitColumns) expect(schema[name]).toMatchObject({ type });
    expect((schema.Status!.select as { options: { name: string }[] }).options.map((option) => option.name)).toEqual(statusNames);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["POST /v1/databases", `GET /v1/data_sources/${result.dataSourceId}`]);

    const stored = await db.notionConnection.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(stored).toMatchObject({ databaseId: result.databaseId, dataSourceId: result.dataSourceId, parentPageId: pageId });
    const credential = await db.credential.findUniqueOrThrow({ where: { workspaceId_provider: { workspaceId: workspace.id, provider: "notion" } } });
    expect(credential.ciphertext).not.toContain(notionToken);

    const again = await service.connect(workspace.id, { token: notionToken, target: { parentPage: pageId } });
    expect(again).toMatchObject({ createdDatabase: false, databaseId: result.databaseId });
    expect(fake.databaseIds()).toHaveLength(1);
  });

  it("extends an existing database: adds what is missing, never renames, retypes or removes the vendor's columns", async () => {
    const db = database.prisma;
    const { fake, service } = notionTestbed(database);
    const { workspace } = await aVendor(db);
    const { databaseId, dataSourceId } = fake.addDatabase({
      title: "Clients & invoices",
      sharedWith: [notionToken],
      properties: {
        Name: { title: {} },
        Customer: { rich_text: {} },
        Notes: { rich_text: {} },
        Priority: { select: { options: [{ name: "High", color: "red" }] } },
        Status: {
          select: {
            options: [
              { name: "Open", color: "blue" },
              { name: "Waiting on client", color: "yellow" },
            ],
          },
        },
      },
    });
    const before = fake.schema(dataSourceId);

    const result = await service.connect(workspace.id, {
      token: notionToken,
      target: { database: `https://www.notion.so/acme/${compact(databaseId)}?v=${"a".repeat(32)}` },
    });

    expect(result.createdDatabase).toBe(false);
    expect(result.addedProperties).toEqual(remitColumns.map(([name]) => name).filter((name) => !["Number", "Customer", "Status"].includes(name)));
    const after = fake.schema(dataSourceId);
    // The vendor's title column keeps its name and holds the invoice number; their columns are untouched.
    expect(after.Name).toEqual(before.Name);
    expect(after.Number).toBeUndefined();
    expect(after.Notes).toEqual(before.Notes);
    expect(after.Priority).toEqual(before.Priority);
    expect(after.Customer).toEqual(before.Customer);
    const statusOptions = (after.Status!.select as { options: { id: string; name: string }[] }).options;
    expect(statusOptions.slice(0, 2)).toEqual((before.Status!.select as { options: unknown[] }).options);
    expect(statusOptions.map((option) => option.name)).toEqual(["Open", "Waiting on client", ...statusNames.filter((name) => name !== "Open")]);
    for (const [name, type] of remitColumns.filter(([name]) => name !== "Number")) expect(after[name]).toMatchObject({ type });

    const stored = await db.notionConnection.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(stored.properties).toMatchObject({ number: { id: "title", name: "Name" }, customer: { id: before.Customer!.id, name: "Customer" } });
  });

  it("accepts a data source id and the vendor's own names for Remit's columns", async () => {
    const db = database.prisma;
    const { fake, service } = notionTestbed(database);
    const { workspace } = await aVendor(db);
    const { dataSourceId } = fake.addDatabase({
      title: "Billing",
      sharedWith: [notionToken],
      properties: { Invoice: { title: {} }, Client: { rich_text: {} } },
    });

    const result = await service.connect(workspace.id, {
      token: notionToken,
      target: { database: dataSourceId },
      propertyNames: { customer: "Client", amount: "Total" },
    });

    expect(result.dataSourceId).toBe(dataSourceId);
    expect(result.addedProperties).toContain("Total");
    expect(result.addedProperties).not.toContain("Client");
    expect(fake.schema(dataSourceId).Customer).toBeUndefined();
  });

  it("says what is wrong in plain words, pointing at the input to fix", async () => {
    const db = database.prisma;
    const { fake, service } = notionTestbed(database);
    const { workspace } = await aVendor(db);
    const { databaseId } = fake.addDatabase({ title: "Private", sharedWith: [], properties: { Name: { title: {} } } });
    const shared = fake.addDatabase({ title: "Clash", sharedWith: [notionToken], properties: { Name: { title: {} }, Amount: { rich_text: {} } } });
    const connect = (token: string, database: string) => service.connect(workspace.id, { token, target: { database } });

    await expect(connect("ntn_revoked_or_mistyped", databaseId)).rejects.toMatchObject({
      field: "token",
      message: expect.stringContaining("Notion did not accept this token"),
    });
    await expect(connect(notionToken, databaseId)).rejects.toMatchObject({
      field: "target",
      message: "Remit's integration cannot see this database. In Notion, open the database, choose ••• → Connections and add your integration, then try again.",
    });
    await expect(connect(notionToken, "https://example.com/not-notion")).rejects.toMatchObject({ field: "target" });
    await expect(connect("", databaseId)).rejects.toMatchObject({ field: "token" });
    await expect(connect(notionToken, shared.databaseId)).rejects.toMatchObject({
      field: "properties",
      message: expect.stringContaining('"Amount" is a rich_text property (Remit writes number there)'),
    });
    await expect(
      service.connect(workspace.id, { token: notionToken, target: { database: shared.databaseId }, propertyNames: { customer: "Amount", amount: "Amount" } }),
    ).rejects.toBeInstanceOf(NotionConnectError);
    expect(await db.notionConnection.findUnique({ where: { workspaceId: workspace.id } })).toBeNull();
  });

  it("reconnecting clears a recorded failure and queues the mirror's dead updates again", async () => {
    const db = database.prisma;
    const { fake, service } = notionTestbed(database);
    const { workspace } = await aVendor(db);
    const { databaseId } = fake.addDatabase({ title: "Invoices", sharedWith: [notionToken], properties: { Name: { title: {} } } });
    // It mirrored until Notion refused the token.
    await aNotionConnection(db, workspace.id, testNow);
    await db.integrationFailure.create({ data: { workspaceId: workspace.id, integration: "notion", reason: "token revoked" } });
    await emit(db, { type: "invoice.issued", workspaceId: workspace.id, aggregateId: "some-invoice", payload: { invoiceId: "some-invoice" } }, testNow);
    await db.delivery.updateMany({ where: { subscriber: "notion", event: { workspaceId: workspace.id } }, data: { status: "dead", attempts: 5 } });

    await service.connect(workspace.id, { token: notionToken, target: { database: databaseId } });

    expect(await db.integrationFailure.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.delivery.findFirstOrThrow({ where: { subscriber: "notion", event: { workspaceId: workspace.id } } })).toMatchObject({
      status: "pending",
      attempts: 0,
    });
    expect(await service.status(workspace.id)).toMatchObject({ connected: true, failure: null, pendingUpdates: 1, failedUpdates: 0 });
  });
});

describe("single-workspace configuration", () => {
  it("connects the one workspace that is not the demo, once", async () => {
    const own = await createTestDatabase();
    try {
      const db = own.prisma;
      await aWorkspace(db, { name: "Demo", isDemo: true });
      const mine = await aWorkspace(db, { name: "Mine" });
      const pageId = randomUUID();
      const { fake, service } = notionTestbed(own, { NOTION_TOKEN: notionToken, NOTION_PARENT_PAGE_ID: pageId });
      fake.addParentPage([notionToken], pageId);

      expect(await service.applyEnvironment()).toMatch(/^Notion: connected workspace "Mine" to https:\/\/www\.notion\.so\/\w+ \(database created\)\.$/);
      const requests = fake.requests.length;
      expect(await service.applyEnvironment()).toMatch(/^Notion: workspace "Mine" mirrors to /);
      expect(fake.requests).toHaveLength(requests);
      expect(await service.status(mine.id)).toMatchObject({ connected: true });

      await aWorkspace(db, { name: "Second" });
      await db.notionConnection.delete({ where: { workspaceId: mine.id } });
      await expect(service.applyEnvironment()).rejects.toThrow(/set NOTION_WORKSPACE_ID/);
    } finally {
      await own.close();
    }
  });

  it.runIf(usingPostgresServer)("gives a parent page one database when two instances start together", async () => {
    const own = await createTestDatabase();
    try {
      await aWorkspace(own.prisma, { name: "Only" });
      const pageId = randomUUID();
      const env = { NOTION_TOKEN: notionToken, NOTION_PARENT_PAGE_ID: pageId };
      const first = notionTestbed(own, env);
      const second = notionTestbed(own, env);
      for (const { fake } of [first, second]) fake.addParentPage([notionToken], pageId);
      // msw answers with the handlers added last: both instances talk to the second fake.
      await Promise.all([first.service.applyEnvironment(), second.service.applyEnvironment()]);
      expect(second.fake.databaseIds()).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it("refuses inconsistent settings at start-up", () => {
    expect(() => notionTestbed(database, { NOTION_TOKEN: notionToken })).toThrow(ConfigError);
    expect(() => notionTestbed(database, { NOTION_TOKEN: notionToken, NOTION_DATABASE_ID: "a", NOTION_PARENT_PAGE_ID: "b" })).toThrow(/not both/);
    expect(() => notionTestbed(database, { NOTION_DATABASE_ID: "a" })).toThrow(/need NOTION_TOKEN/);
  });
});
