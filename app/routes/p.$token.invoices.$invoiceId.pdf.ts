import type { LoaderFunctionArgs } from "@remix-run/node";
import { isbot } from "isbot";
import { invoicePdfFileName, renderInvoicePdf } from "#app/documents/pdf.server.ts";
import { recordPortalActivity } from "#app/portal/activity.server.ts";
import { getPortalInvoice } from "#app/portal/read-models.server.ts";
import { documentEtag, invoiceDocument, pdfResponse } from "#app/web/documents.server.ts";
import { notFound, requirePortalAccess } from "#app/web/guard.server.ts";
import { portalLocale } from "#app/web/language.server.ts";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalInvoice(app.db, access, params.invoiceId ?? "", app.now());
  if (!view) notFound();
  const document = invoiceDocument(view, await portalLocale(request, view));
  const response = await pdfResponse(app.db, request, documentEtag(document, app.version), invoicePdfFileName(view.invoice.number), () =>
    renderInvoicePdf(document),
  );
  if (response.status === 200 && !isbot(request.headers.get("user-agent") ?? "")) {
    await recordPortalActivity(app.db, access, "pdf_downloaded", view.invoice.id, app.now());
  }
  return response;
}
