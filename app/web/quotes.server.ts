import { z } from "zod";
import type { AppContext } from "#app/context.server.ts";
import { acceptQuote, declineQuote, QuoteRefusedError, type QuoteRefusal } from "#app/billing/quotes.server.ts";
import { quotePartLabel } from "#app/i18n/quote-words.ts";
import type { PortalAccess } from "#app/portal/access.server.ts";
import { notFound } from "./guard.server.ts";

/** What the quote page's two forms post. */
export const quoteAnswerForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), name: z.string().max(500).default(""), terms: z.literal("yes").optional() }),
  z.object({ intent: z.literal("decline"), reason: z.string().max(5000).default("") }),
]);

export type QuoteAnswerOutcome = { kind: "accepted"; invoiceId: string | null } | { kind: "declined" } | { kind: "refused"; refusal: QuoteRefusal };

/**
 * The client's answer to a quote, through the domain. A vendor's preview link answers nothing.
 * The invoice id is given only when the acceptance issued one (a draft is not the client's to see).
 */
export async function answerQuote(
  app: AppContext,
  { access, quoteId, form, ip }: { access: PortalAccess; quoteId: string; form: z.infer<typeof quoteAnswerForm>; ip: string | null },
): Promise<QuoteAnswerOutcome> {
  if (access.preview) notFound();
  const scope = { workspaceId: access.workspaceId, customerId: access.customerId, quoteId };
  try {
    if (form.intent === "decline") {
      await declineQuote(app.db, scope, form.reason, app.now());
      return { kind: "declined" };
    }
    const { invoice } = await acceptQuote(app.db, scope, { name: form.name, termsAccepted: form.terms === "yes", ip }, app.now(), quotePartLabel);
    return { kind: "accepted", invoiceId: invoice?.issuedAt ? invoice.id : null };
  } catch (error) {
    if (error instanceof QuoteRefusedError) return { kind: "refused", refusal: error.refusal };
    throw error;
  }
}
