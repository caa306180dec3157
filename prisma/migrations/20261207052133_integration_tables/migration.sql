-- CreateTable
CREATE TABLE "NotionConnection" (
    "workspaceId" TEXT NOT NULL,
    "databaseId" TEXT NOT NULL,
    "dataSourceId" TEXT NOT NULL,
    "parentPageId" TEXT,
    "properties" JSONB NOT NULL,
    "connectedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotionConnection_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "NotionPage" (
    "invoiceId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "pageId" TEXT,
    "syncedHash" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "NotionPage_pkey" PRIMARY KEY ("invoiceId")
);

-- CreateTable
CREATE TABLE "SlackInvoiceMessage" (
    "invoiceId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,

    CONSTRAINT "SlackInvoiceMessage_pkey" PRIMARY KEY ("invoiceId")
);

-- CreateIndex
CREATE INDEX "NotionPage_workspaceId_idx" ON "NotionPage"("workspaceId");

-- AddForeignKey
ALTER TABLE "NotionConnection" ADD CONSTRAINT "NotionConnection_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotionPage" ADD CONSTRAINT "NotionPage_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlackInvoiceMessage" ADD CONSTRAINT "SlackInvoiceMessage_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keep the data: each integration's state moves from the core tables into its own.
INSERT INTO "NotionConnection" ("workspaceId", "databaseId", "dataSourceId", "parentPageId", "properties", "connectedAt")
SELECT "id", "notionDatabaseId", "notionDataSourceId", "notionParentPageId", COALESCE("notionProperties", '{}'::jsonb), "notionConnectedAt"
FROM "Workspace"
WHERE "notionDatabaseId" IS NOT NULL AND "notionDataSourceId" IS NOT NULL AND "notionConnectedAt" IS NOT NULL;

INSERT INTO "NotionPage" ("invoiceId", "workspaceId", "pageId", "syncedHash", "leaseOwner", "leaseUntil")
SELECT "id", "workspaceId", "notionPageId", "notionSyncedHash", "notionLeaseOwner", "notionLeaseUntil"
FROM "Invoice"
WHERE "notionPageId" IS NOT NULL OR "notionSyncedHash" IS NOT NULL OR "notionLeaseOwner" IS NOT NULL OR "notionLeaseUntil" IS NOT NULL;

INSERT INTO "SlackInvoiceMessage" ("invoiceId", "channel", "ts")
SELECT "id", "slackChannelId", "slackMessageTs"
FROM "Invoice"
WHERE "slackChannelId" IS NOT NULL AND "slackMessageTs" IS NOT NULL;

-- AlterTable
ALTER TABLE "Invoice" DROP COLUMN "notionLeaseOwner",
DROP COLUMN "notionLeaseUntil",
DROP COLUMN "notionPageId",
DROP COLUMN "notionSyncedHash",
DROP COLUMN "slackChannelId",
DROP COLUMN "slackMessageTs";

-- AlterTable
ALTER TABLE "Workspace" DROP COLUMN "notionConnectedAt",
DROP COLUMN "notionDataSourceId",
DROP COLUMN "notionDatabaseId",
DROP COLUMN "notionParentPageId",
DROP COLUMN "notionProperties";
