-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'payment_refunded';

-- CreateTable
CREATE TABLE "CardRefund" (
    "id" TEXT NOT NULL,
    "paymentId" TEXT NOT NULL,
    "requestKey" TEXT NOT NULL,
    "providerRefundId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CardRefund_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CardRefund_requestKey_key" ON "CardRefund"("requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "CardRefund_providerRefundId_key" ON "CardRefund"("providerRefundId");

-- CreateIndex
CREATE INDEX "CardRefund_paymentId_idx" ON "CardRefund"("paymentId");

-- AddForeignKey
ALTER TABLE "CardRefund" ADD CONSTRAINT "CardRefund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
