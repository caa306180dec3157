import type { PaymentReference } from "#app/ports/payment-gateway.ts";

/** Metadata keys on Checkout Sessions and PaymentIntents (Stripe copies the latter onto charges). */
const keys = {
  workspaceId: "remit_workspace_id",
  invoiceId: "remit_invoice_id",
  customerId: "remit_customer_id",
  checkoutId: "remit_checkout_id",
  groupId: "remit_checkout_group_id",
} as const;

export function referenceMetadata(reference: PaymentReference): Record<string, string> {
  return {
    [keys.workspaceId]: reference.workspaceId,
    [keys.invoiceId]: reference.invoiceId,
    [keys.customerId]: reference.customerId,
    ...(reference.checkoutId ? { [keys.checkoutId]: reference.checkoutId } : {}),
    ...(reference.groupId ? { [keys.groupId]: reference.groupId } : {}),
  };
}

/** The reference Remit wrote, or null for objects another integration on the same account created. */
export function referenceFrom(metadata: Record<string, string> | null | undefined): PaymentReference | null {
  const workspaceId = metadata?.[keys.workspaceId];
  const invoiceId = metadata?.[keys.invoiceId];
  const customerId = metadata?.[keys.customerId];
  if (!workspaceId || !invoiceId || !customerId) return null;
  const groupId = metadata[keys.groupId];
  return { workspaceId, invoiceId, customerId, checkoutId: metadata[keys.checkoutId] || null, ...(groupId ? { groupId } : {}) };
}
