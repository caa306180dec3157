import type { LoaderFunctionArgs } from "@remix-run/node";
import { creditNoteOf } from "#app/billing/credit-notes.server.ts";
import { creditNotePdfFileName, renderCreditNotePdf } from "#app/documents/pdf.server.ts";
import { getPortalInvoice } from "#app/portal/read-models.server.ts";
import { creditNoteDocument, portalPdf } from "#app/web/documents.server.ts";
import { notFound, requirePortalAccess } from "#app/web/guard.server.ts";

/** The credit note that cancelled the invoice (docs/decisions/152), in the client's language. */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalInvoice(app.db, access, params.invoiceId ?? "", app.now());
  const note = view ? await creditNoteOf(app.db, view.invoice.workspaceId, view.invoice.id) : null;
  if (!view || !note) notFound();
  return portalPdf(app, request, view, {
    document: (words) => creditNoteDocument(view, note, note.replacedByNumber, words),
    fileName: creditNotePdfFileName(note.number),
    render: renderCreditNotePdf,
  });
}
