-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('invoice_issued', 'invoice_drafted', 'invoice_voided', 'payment_recorded', 'links_renewed');

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "sourceKey" TEXT;

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "customerId" TEXT,
    "action" "AuditAction" NOT NULL,
    "actor" TEXT NOT NULL,
    "amount" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_invoiceId_createdAt_idx" ON "AuditEntry"("invoiceId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_customerId_createdAt_idx" ON "AuditEntry"("customerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_workspaceId_sourceKey_key" ON "Invoice"("workspaceId", "sourceKey");

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
