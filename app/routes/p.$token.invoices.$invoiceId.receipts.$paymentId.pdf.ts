import type { LoaderFunctionArgs } from "@remix-run/node";
import { isbot } from "isbot";
import { receiptPdfFileName, renderReceiptPdf } from "#app/documents/pdf.server.ts";
import { recordPortalActivity } from "#app/portal/activity.server.ts";
import { getPortalInvoice } from "#app/portal/read-models.server.ts";
import { portalPdf, receiptDocument } from "#app/web/documents.server.ts";
import { notFound, requirePortalAccess } from "#app/web/guard.server.ts";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalInvoice(app.db, access, params.invoiceId ?? "", app.now());
  const payment = view?.invoice.payments.find((candidate) => candidate.id === params.paymentId);
  if (!view || !payment) notFound();
  const response = await portalPdf(app, request, view, {
    document: (words) => receiptDocument(view, payment, words),
    fileName: receiptPdfFileName(view.invoice.number, payment.sequence),
    render: renderReceiptPdf,
  });
  if (response.status === 200 && !isbot(request.headers.get("user-agent") ?? "")) {
    await recordPortalActivity(app.db, access, "receipt_downloaded", view.invoice.id, app.now());
  }
  return response;
}
