-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "taxId" TEXT;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "poNumber" TEXT,
ADD COLUMN     "printed" JSONB;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "address" TEXT,
ADD COLUMN     "bankAccount" TEXT,
ADD COLUMN     "bankAccountHolder" TEXT,
ADD COLUMN     "bankBic" TEXT,
ADD COLUMN     "bankName" TEXT,
ADD COLUMN     "billingEmail" TEXT,
ADD COLUMN     "legalName" TEXT,
ADD COLUMN     "paymentInstructions" TEXT,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "registrationNumber" TEXT,
ADD COLUMN     "taxId" TEXT,
ADD COLUMN     "website" TEXT;
