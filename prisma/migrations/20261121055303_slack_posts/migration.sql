-- CreateTable
CREATE TABLE "SlackPost" (
    "eventId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackPost_pkey" PRIMARY KEY ("eventId")
);

-- CreateIndex
CREATE INDEX "SlackPost_invoiceId_kind_createdAt_idx" ON "SlackPost"("invoiceId", "kind", "createdAt");
