import type { LoaderFunctionArgs } from "@remix-run/node";
import { creditNoteOf } from "#app/billing/credit-notes.server.ts";
import { creditNotePdfFileName, renderCreditNotePdf } from "#app/documents/pdf.server.ts";
import { getPortalInvoice } from "#app/portal/read-models.server.ts";
import { creditNoteDocument, documentEtag, pdfResponse } from "#app/web/documents.server.ts";
import { notFound, requirePortalAccess } from "#app/web/guard.server.ts";
import { portalLocale } from "#app/web/language.server.ts";

/** The credit note that cancelled the invoice (docs/decisions/152), in the client's language. */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalInvoice(app.db, access, params.invoiceId ?? "", app.now());
  const note = view ? await creditNoteOf(app.db, view.invoice.workspaceId, view.invoice.id) : null;
  if (!view || !note) notFound();
  const document = creditNoteDocument(view, note, note.replacedByNumber, await portalLocale(request, view));
  return pdfResponse(app.db, request, documentEtag(document, app.version), creditNotePdfFileName(note.number), () => renderCreditNotePdf(document));
}
