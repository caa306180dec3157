// The migration that moved Notion's and Slack's state out of Workspace and Invoice into the
// integrations' own tables keeps what was there.
import { expect, test } from "vitest";
import { migrate } from "#app/platform/db/migrate.server.ts";
import { aCustomer, aWorkspace } from "#tests/fixtures.ts";
import { databaseBefore } from "#tests/migrations.ts";

const theMove = "20261207052133_integration_tables";

const migrating = databaseBefore(theMove);

test("moves each workspace's Notion target, each invoice's page and Slack message into their tables", async () => {
  const { database, db } = migrating;
  const connected = await aWorkspace(db, { name: "Connected" });
  const never = await aWorkspace(db, { name: "Never connected" });
  const customer = await aCustomer(db, connected.id);
  // Invoices as the schema before the move had them, written in SQL: today's code records
  // outbox deliveries from tables this schema does not have yet.
  const anOldInvoice = async (number: string) => {
    const id = `invoice-${number}`;
    await db.$executeRawUnsafe(
      `INSERT INTO "Invoice" ("id", "workspaceId", "customerId", "number", "currency", "subtotal", "taxAmount", "total", "issueDate", "dueDate", "updatedAt") VALUES ($1, $2, $3, $4, 'USD', 1000, 0, 1000, '2026-11-20', '2026-12-20', now())`,
      id,
      connected.id,
      customer.id,
      number,
    );
    return { id };
  };
  const mirrored = await anOldInvoice("INV-0001");
  const leased = await anOldInvoice("INV-0002");
  const untouched = await anOldInvoice("INV-0003");
  const connectedAt = new Date("2026-11-20T10:00:00Z");
  const leaseUntil = new Date("2026-11-21T10:05:00Z");
  await db.$executeRawUnsafe(
    `UPDATE "Workspace" SET "notionDatabaseId" = 'db-1', "notionDataSourceId" = 'ds-1', "notionParentPageId" = 'page-0', "notionProperties" = '{"number":{"id":"title","name":"Name"}}', "notionConnectedAt" = $1 WHERE "id" = $2`,
    connectedAt,
    connected.id,
  );
  await db.$executeRawUnsafe(
    `UPDATE "Invoice" SET "notionPageId" = 'page-1', "notionSyncedHash" = 'hash-1', "slackChannelId" = 'C0SALES01', "slackMessageTs" = '1798000000.000100' WHERE "id" = $1`,
    mirrored.id,
  );
  await db.$executeRawUnsafe(`UPDATE "Invoice" SET "notionLeaseOwner" = 'host:1', "notionLeaseUntil" = $1 WHERE "id" = $2`, leaseUntil, leased.id);

  expect((await migrate(database)).applied).toEqual([theMove]);

  expect(await db.notionConnection.findMany()).toEqual([
    {
      workspaceId: connected.id,
      databaseId: "db-1",
      dataSourceId: "ds-1",
      parentPageId: "page-0",
      properties: { number: { id: "title", name: "Name" } },
      connectedAt,
    },
  ]);
  expect(await db.notionConnection.findUnique({ where: { workspaceId: never.id } })).toBeNull();
  expect(await db.notionPage.findMany({ orderBy: { pageId: "asc" } })).toEqual(
    expect.arrayContaining([
      { invoiceId: mirrored.id, workspaceId: connected.id, pageId: "page-1", syncedHash: "hash-1", leaseOwner: null, leaseUntil: null },
      { invoiceId: leased.id, workspaceId: connected.id, pageId: null, syncedHash: null, leaseOwner: "host:1", leaseUntil },
    ]),
  );
  expect(await db.notionPage.count()).toBe(2);
  expect(await db.slackInvoiceMessage.findMany()).toEqual([{ invoiceId: mirrored.id, channel: "C0SALES01", ts: "1798000000.000100" }]);
  expect(await db.notionPage.findUnique({ where: { invoiceId: untouched.id } })).toBeNull();
});
