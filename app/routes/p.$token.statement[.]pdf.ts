import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { renderStatementPdf, statementPdfFileName } from "#app/documents/pdf.server.ts";
import { ValidationError } from "#app/billing/errors.ts";
import { getPortalParties } from "#app/portal/read-models.server.ts";
import { customerStatement } from "#app/billing/statement.server.ts";
import { portalPdf, statementDocument } from "#app/web/documents.server.ts";
import { noStore, notFound, requirePortalAccess } from "#app/web/guard.server.ts";

/** `/p/<token>/statement.pdf?currency=EUR&from=2026-01-01&to=2026-12-31`: the client's statement of account. */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  // A link for one invoice shows that invoice only, not the client's account.
  if (access.invoiceId) notFound();
  const { app } = context;
  const url = new URL(request.url);
  const query = { currency: url.searchParams.get("currency") ?? "", from: url.searchParams.get("from") ?? "", to: url.searchParams.get("to") ?? "" };
  let statement;
  try {
    statement = await customerStatement(app.db, access, query);
  } catch (error) {
    if (error instanceof ValidationError) throw redirect(`/p/${encodeURIComponent(params.token ?? "")}?statement=invalid#statement`, { headers: noStore });
    throw error;
  }
  const parties = await getPortalParties(app.db, access);
  return portalPdf(app, request, parties, {
    document: (words) => statementDocument(parties, statement, words),
    fileName: statementPdfFileName(statement.currency, statement.from, statement.to),
    render: renderStatementPdf,
  });
}
