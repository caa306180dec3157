import type { LoaderFunctionArgs } from "@remix-run/node";
import { isbot } from "isbot";
import { invoicePdfFileName, renderInvoicePdf } from "#app/documents/pdf.server.ts";
import { recordPortalActivity } from "#app/portal/activity.server.ts";
import { getPortalInvoice } from "#app/portal/read-models.server.ts";
import { invoiceDocument, portalPdf } from "#app/web/documents.server.ts";
import { notFound, requirePortalAccess } from "#app/web/guard.server.ts";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalInvoice(app.db, access, params.invoiceId ?? "", app.now());
  if (!view) notFound();
  const response = await portalPdf(app, request, view, {
    document: (words) => invoiceDocument(view, words),
    fileName: invoicePdfFileName(view.invoice.number),
    render: renderInvoicePdf,
  });
  if (response.status === 200 && !isbot(request.headers.get("user-agent") ?? "")) {
    await recordPortalActivity(app.db, access, "pdf_downloaded", view.invoice.id, app.now());
  }
  return response;
}
