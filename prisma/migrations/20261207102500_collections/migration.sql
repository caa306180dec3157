-- AlterEnum
ALTER TYPE "ActivityKind" ADD VALUE 'email_failed';

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "digestHour" INTEGER NOT NULL DEFAULT 9,
ADD COLUMN     "digestWeekday" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "riskLatePaidDays" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN     "riskOverdueDays" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "riskRetryHours" INTEGER NOT NULL DEFAULT 48,
ADD COLUMN     "riskUnopenedDays" INTEGER NOT NULL DEFAULT 3;

-- CreateTable
CREATE TABLE "InvoiceEngagement" (
    "invoiceId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reasons" TEXT[],
    "changedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InvoiceEngagement_pkey" PRIMARY KEY ("invoiceId")
);

-- CreateTable
CREATE TABLE "CollectionsDigest" (
    "workspaceId" TEXT NOT NULL,
    "weekOf" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CollectionsDigest_pkey" PRIMARY KEY ("workspaceId","weekOf")
);

-- CreateTable
CREATE TABLE "InvoiceMessage" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "authorName" TEXT,
    "body" TEXT NOT NULL,
    "lineId" TEXT,
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvoiceMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackQuestionThread" (
    "invoiceId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,

    CONSTRAINT "SlackQuestionThread_pkey" PRIMARY KEY ("invoiceId")
);

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceMessage_externalId_key" ON "InvoiceMessage"("externalId");

-- CreateIndex
CREATE INDEX "InvoiceMessage_invoiceId_createdAt_idx" ON "InvoiceMessage"("invoiceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SlackQuestionThread_channel_ts_key" ON "SlackQuestionThread"("channel", "ts");

-- AddForeignKey
ALTER TABLE "InvoiceEngagement" ADD CONSTRAINT "InvoiceEngagement_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectionsDigest" ADD CONSTRAINT "CollectionsDigest_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceMessage" ADD CONSTRAINT "InvoiceMessage_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlackQuestionThread" ADD CONSTRAINT "SlackQuestionThread_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
