-- CreateTable
CREATE TABLE "StoredDocument" (
    "etag" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredDocument_pkey" PRIMARY KEY ("etag")
);

-- CreateIndex
CREATE INDEX "StoredDocument_createdAt_idx" ON "StoredDocument"("createdAt");
