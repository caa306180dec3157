-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "memberPermissions" TEXT[] DEFAULT ARRAY['create', 'issue', 'mark_paid']::TEXT[];
