import { publicUrl } from "#app/platform/config/env.server.ts";
import { issuePortalToken, portalUrl } from "#app/portal/access.server.ts";
import type { Remit } from "./remit.ts";

export interface PortalLink {
  url: string;
  expiresAt: Date;
}

interface Target {
  workspaceId: string;
  customerId: string;
  invoiceId?: string;
}

async function link(remit: Remit, target: Target & { scopeQuoteId?: string }, preview: boolean): Promise<PortalLink> {
  // The scope is named field by field: an invoice made from a quote carries a quoteId of its own, which must not scope its links.
  const { workspaceId, customerId, invoiceId, scopeQuoteId } = target;
  const { token, expiresAt } = await issuePortalToken(
    remit.db,
    remit.secrets.signingKeys,
    { workspaceId, customerId, invoiceId: invoiceId ?? null, quoteId: scopeQuoteId ?? null, preview, ttlDays: remit.env.PORTAL_LINK_TTL_DAYS },
    remit.now(),
  );
  return { url: portalUrl(publicUrl(remit.env), token), expiresAt };
}

/** The customer's portal, for the vendor to send: a real client link, counted when opened. */
export function customerLink(remit: Remit, target: Target): Promise<PortalLink> {
  return link(remit, target, false);
}

/** A link for the client that opens on this invoice. */
export async function clientInvoiceLink(remit: Remit, invoice: Target & { id: string }): Promise<PortalLink> {
  const portal = await customerLink(remit, invoice);
  return { ...portal, url: `${portal.url}/invoices/${invoice.id}` };
}

/**
 * The vendor's own view of the invoice page and PDF: flagged as previews, never counted as client
 * views. A draft's preview is scoped to that one invoice, the only way a draft is ever shown.
 */
export async function previewLinks(remit: Remit, invoice: Target & { id: string; status: string }) {
  const { url } = await link(remit, { ...invoice, ...(invoice.status === "draft" ? { invoiceId: invoice.id } : {}) }, true);
  return { page: `${url}/invoices/${invoice.id}`, pdf: `${url}/invoices/${invoice.id}/pdf`, creditNote: `${url}/invoices/${invoice.id}/credit-note/pdf` };
}

export type PreviewLinks = Awaited<ReturnType<typeof previewLinks>>;

/** A link for the client to one quote (and the invoices made from it), to accept or decline it. */
export function clientQuoteLink(remit: Remit, quote: { workspaceId: string; customerId: string; id: string }): Promise<PortalLink> {
  return link(remit, { workspaceId: quote.workspaceId, customerId: quote.customerId, scopeQuoteId: quote.id }, false);
}
