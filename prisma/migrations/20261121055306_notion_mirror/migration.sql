-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "notionLeaseOwner" TEXT,
ADD COLUMN     "notionLeaseUntil" TIMESTAMP(3),
ADD COLUMN     "notionSyncedHash" TEXT;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "notionConnectedAt" TIMESTAMP(3),
ADD COLUMN     "notionDataSourceId" TEXT,
ADD COLUMN     "notionDatabaseId" TEXT,
ADD COLUMN     "notionParentPageId" TEXT,
ADD COLUMN     "notionProperties" JSONB;

-- CreateTable
CREATE TABLE "IntegrationFailure" (
    "workspaceId" TEXT NOT NULL,
    "integration" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "failedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrationFailure_pkey" PRIMARY KEY ("workspaceId","integration")
);

-- AddForeignKey
ALTER TABLE "IntegrationFailure" ADD CONSTRAINT "IntegrationFailure_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
