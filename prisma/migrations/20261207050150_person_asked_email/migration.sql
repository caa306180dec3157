-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'invoice_emailed';
ALTER TYPE "AuditAction" ADD VALUE 'reminder_emailed';
ALTER TYPE "AuditAction" ADD VALUE 'email_resent';
ALTER TYPE "AuditAction" ADD VALUE 'customer_email_changed';
