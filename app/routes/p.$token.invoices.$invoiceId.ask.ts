import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { NotFoundError, ValidationError } from "#app/billing/errors.ts";
import { askQuestion } from "#app/portal/questions.server.ts";
import { noStore, notFound, requirePortalAccess } from "#app/web/guard.server.ts";
import type { QuestionState } from "#app/components/portal/questions.tsx";

const invoicePage = (params: LoaderFunctionArgs["params"], state?: QuestionState) =>
  `/p/${encodeURIComponent(params.token ?? "")}/invoices/${encodeURIComponent(params.invoiceId ?? "")}${state ? `?question=${state}` : ""}#questions`;

export async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(invoicePage(params), { headers: noStore });
}

/**
 * "Ask about this invoice": records the client's question (plain text, length-limited) and goes
 * back to the invoice page, which says how it went. Limited per customer, whichever link they use.
 */
export async function action({ context, params, request }: ActionFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const back = (state: QuestionState) => redirect(invoicePage(params, state), { status: 303, headers: noStore });
  const limit = app.limits.questions.hit(access.customerId);
  if (!limit.allowed) return back("limited");
  const form = await request.formData().catch(() => new FormData());
  const body = form.get("body");
  const lineId = form.get("lineId");
  try {
    await askQuestion(
      app.db,
      access,
      params.invoiceId ?? "",
      { body: typeof body === "string" ? body : "", lineId: typeof lineId === "string" ? lineId : null },
      app.now(),
    );
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ValidationError) {
      const issue = error.issues.body ?? error.issues.lineId;
      return back(issue === "too-long" ? "too-long" : issue === "preview" ? "preview" : "empty");
    }
    throw error;
  }
  return back("sent");
}
