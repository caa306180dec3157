-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "discountAmount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "discountBps" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "footer" TEXT,
ADD COLUMN     "supplyDate" DATE;

-- AlterTable
ALTER TABLE "LineItem" ADD COLUMN     "discountBps" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "taxRateBps" INTEGER NOT NULL DEFAULT 0;

-- Existing lines carry their invoice's one rate, so their totals read as before.
UPDATE "LineItem" SET "taxRateBps" = "Invoice"."taxRateBps" FROM "Invoice" WHERE "LineItem"."invoiceId" = "Invoice"."id";
