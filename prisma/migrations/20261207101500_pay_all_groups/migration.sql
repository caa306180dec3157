-- DropIndex
DROP INDEX "CheckoutAttempt_stripeSessionId_key";

-- DropIndex
DROP INDEX "Payment_stripeCheckoutSessionId_key";

-- DropIndex
DROP INDEX "Payment_stripePaymentIntentId_key";

-- AlterTable
ALTER TABLE "CheckoutAttempt" ADD COLUMN     "groupId" TEXT,
ADD COLUMN     "position" INTEGER;

-- CreateIndex
CREATE INDEX "CheckoutAttempt_groupId_idx" ON "CheckoutAttempt"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutAttempt_stripeSessionId_invoiceId_key" ON "CheckoutAttempt"("stripeSessionId", "invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_stripeCheckoutSessionId_invoiceId_key" ON "Payment"("stripeCheckoutSessionId", "invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_stripePaymentIntentId_invoiceId_key" ON "Payment"("stripePaymentIntentId", "invoiceId");
