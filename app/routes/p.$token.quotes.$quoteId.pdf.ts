import type { LoaderFunctionArgs } from "@remix-run/node";
import { quotePdfFileName, renderInvoicePdf } from "#app/documents/pdf.server.ts";
import { getPortalQuote } from "#app/portal/quotes.server.ts";
import { portalPdf } from "#app/web/documents.server.ts";
import { notFound, requirePortalAccess } from "#app/web/guard.server.ts";
import { quoteDocument } from "#app/web/quote-documents.server.ts";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalQuote(app.db, access, params.quoteId ?? "", app.now());
  if (!view) notFound();
  return portalPdf(app, request, view, {
    document: (words) => quoteDocument(view, words),
    fileName: quotePdfFileName(view.quote.number),
    render: renderInvoicePdf,
  });
}
