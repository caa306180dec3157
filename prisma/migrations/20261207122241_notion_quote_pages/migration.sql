-- CreateTable
CREATE TABLE "NotionQuotePage" (
    "quoteId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "pageId" TEXT,
    "syncedHash" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "NotionQuotePage_pkey" PRIMARY KEY ("quoteId")
);

-- CreateIndex
CREATE INDEX "NotionQuotePage_workspaceId_idx" ON "NotionQuotePage"("workspaceId");

-- AddForeignKey
ALTER TABLE "NotionQuotePage" ADD CONSTRAINT "NotionQuotePage_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "Quote"("id") ON DELETE CASCADE ON UPDATE CASCADE;
