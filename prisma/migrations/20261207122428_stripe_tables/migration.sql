-- Stripe's ids move out of the core tables into tables the Stripe integration owns
-- (integrations/stripe/store.ts, docs/decisions/112): every value is copied before the old
-- columns go, and the uniqueness that keeps a payment from being recorded twice moves with them.

-- CreateTable
CREATE TABLE "StripeCheckout" (
    "attemptId" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "accountId" TEXT,
    "sessionId" TEXT,
    "url" TEXT,

    CONSTRAINT "StripeCheckout_pkey" PRIMARY KEY ("attemptId")
);

-- CreateTable
CREATE TABLE "StripePayment" (
    "paymentId" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "accountId" TEXT,
    "checkoutSessionId" TEXT,
    "paymentIntentId" TEXT,
    "chargeId" TEXT,

    CONSTRAINT "StripePayment_pkey" PRIMARY KEY ("paymentId")
);

-- Every attempt was made on an account (null: the server's own), with or without a session yet.
INSERT INTO "StripeCheckout" ("attemptId", "invoiceId", "accountId", "sessionId", "url")
SELECT "id", "invoiceId", "stripeAccountId", "stripeSessionId", "url" FROM "CheckoutAttempt";

-- Only payments the provider moved have ids; those recorded by hand have none, and no row.
INSERT INTO "StripePayment" ("paymentId", "invoiceId", "accountId", "checkoutSessionId", "paymentIntentId", "chargeId")
SELECT "id", "invoiceId", "stripeAccountId", "stripeCheckoutSessionId", "stripePaymentIntentId", "stripeChargeId" FROM "Payment"
WHERE "stripePaymentIntentId" IS NOT NULL OR "stripeCheckoutSessionId" IS NOT NULL OR "stripeChargeId" IS NOT NULL OR "stripeAccountId" IS NOT NULL;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "online" BOOLEAN NOT NULL DEFAULT false;

-- DropIndex
DROP INDEX "CheckoutAttempt_stripeSessionId_invoiceId_key";

-- DropIndex
DROP INDEX "Payment_stripeCheckoutSessionId_invoiceId_key";

-- DropIndex
DROP INDEX "Payment_stripePaymentIntentId_invoiceId_key";

-- AlterTable
ALTER TABLE "CheckoutAttempt" DROP COLUMN "stripeAccountId",
DROP COLUMN "stripeSessionId",
DROP COLUMN "url";

-- AlterTable
ALTER TABLE "Payment" DROP COLUMN "stripeAccountId",
DROP COLUMN "stripeChargeId",
DROP COLUMN "stripeCheckoutSessionId",
DROP COLUMN "stripePaymentIntentId";

-- CreateIndex
CREATE INDEX "StripeCheckout_accountId_idx" ON "StripeCheckout"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "StripeCheckout_sessionId_invoiceId_key" ON "StripeCheckout"("sessionId", "invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "StripePayment_paymentIntentId_invoiceId_key" ON "StripePayment"("paymentIntentId", "invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "StripePayment_checkoutSessionId_invoiceId_key" ON "StripePayment"("checkoutSessionId", "invoiceId");

-- AddForeignKey
ALTER TABLE "StripeCheckout" ADD CONSTRAINT "StripeCheckout_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "CheckoutAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StripePayment" ADD CONSTRAINT "StripePayment_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Last: an update of Payment queues its deferred portal-version trigger (decision 115), after
-- which PostgreSQL refuses to alter the table in the same transaction.
UPDATE "Payment" SET "online" = true WHERE "id" IN (SELECT "paymentId" FROM "StripePayment");
