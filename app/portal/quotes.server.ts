import type { Db } from "#app/platform/db/database.server.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { computeTotals } from "#app/billing/invoice-math.ts";
import { quoteStatus } from "#app/billing/quotes.server.ts";
import type { PortalAccess } from "./access.server.ts";
import { getPortalParties } from "./read-models.server.ts";

/**
 * The quotes a link shows, scoped in the query: the verified customer's, never a draft; a
 * quote's link shows that quote only, an invoice's link none (docs/decisions/120).
 */
function visibleQuotes(access: PortalAccess): Prisma.QuoteWhereInput {
  return {
    workspaceId: access.workspaceId,
    customerId: access.customerId,
    status: { not: "draft" },
    ...(access.invoiceId ? { id: { in: [] } } : {}),
    ...(access.quoteId ? { id: access.quoteId } : {}),
  };
}

/** The quotes still waiting for the client's answer, for the portal home (expired ones drop off). */
export async function getOpenQuotes(db: Db, access: PortalAccess, now: Date, timeZone: string) {
  const rows = await db.quote.findMany({
    where: { AND: [visibleQuotes(access), { status: "sent" }] },
    select: { id: true, number: true, status: true, currency: true, total: true, issueDate: true, validUntil: true },
    orderBy: [{ validUntil: "asc" }, { number: "asc" }],
  });
  return rows.filter((quote) => quoteStatus(quote, now, timeZone) === "sent");
}

/** One quote in the client's scope, with its lines, what it says about acceptance, and the invoices made from it; null when not theirs. */
export async function getPortalQuote(db: Db, access: PortalAccess, quoteId: string, now: Date) {
  const quote = await db.quote.findFirst({
    where: { AND: [visibleQuotes(access), { id: quoteId }] },
    include: {
      lines: { orderBy: { position: "asc" } },
      invoices: { where: { issuedAt: { not: null } }, orderBy: { createdAt: "asc" }, select: { id: true, number: true, quotePart: true } },
    },
  });
  if (!quote) return null;
  const parties = await getPortalParties(db, access);
  const { workspace } = parties;
  return {
    ...parties,
    terms: workspace.quoteTerms,
    quote: {
      ...quote,
      status: quoteStatus(quote, now, workspace.timezone),
      taxRates: computeTotals(quote.lines, quote.discountBps).rates,
      template: quote.template ?? workspace.defaultTemplate,
    },
  };
}

export type PortalQuote = NonNullable<Awaited<ReturnType<typeof getPortalQuote>>>;
