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

-- The portal home offers "Pay all" only for invoices with no bank payment in progress, so a
-- checkout attempt entering or leaving `processing` changes what the home shows: it bumps the
-- customer's portal version, like the other tables the home reads (decision 115).
CREATE FUNCTION "remit_checkout_processing_changed_for_portal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD."status" = 'processing') IS DISTINCT FROM (NEW."status" = 'processing') THEN
    UPDATE "Customer" SET "portalVersion" = "portalVersion" + 1 WHERE "id" = NEW."customerId";
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "CheckoutAttempt_portal_version" AFTER UPDATE ON "CheckoutAttempt"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "remit_checkout_processing_changed_for_portal"();
