import type { LoaderFunctionArgs } from "@remix-run/node";
import { quotePdfFileName, renderInvoicePdf } from "#app/documents/pdf.server.ts";
import { getPortalQuote } from "#app/portal/quotes.server.ts";
import { documentEtag, pdfResponse } from "#app/web/documents.server.ts";
import { notFound, requirePortalAccess } from "#app/web/guard.server.ts";
import { portalLocale } from "#app/web/language.server.ts";
import { quoteDocument } from "#app/web/quote-documents.server.ts";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalQuote(app.db, access, params.quoteId ?? "", app.now());
  if (!view) notFound();
  const document = quoteDocument(view, await portalLocale(request, view));
  return pdfResponse(app.db, request, documentEtag(document, app.version), quotePdfFileName(view.quote.number), () => renderInvoicePdf(document));
}
