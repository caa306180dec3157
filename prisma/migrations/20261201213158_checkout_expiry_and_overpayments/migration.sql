-- AlterEnum
ALTER TYPE "CheckoutStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "CheckoutAttempt" ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "request" JSONB;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "overpaid" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "overpaymentResolution" TEXT;
