-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'portal_link_emailed';
