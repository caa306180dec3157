-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'invoice_edited';
ALTER TYPE "AuditAction" ADD VALUE 'payment_reversed';
ALTER TYPE "AuditAction" ADD VALUE 'customer_updated';

-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'reversed';

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "reason" TEXT;
