import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { z } from "zod";
import { Plain, PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { requestFreshLink } from "#app/domain/portal-access.server.ts";
import { answerNoSoonerThan } from "#app/portal/even-timing.server.ts";
import { noStore, portalHeaders, tooManyAttempts, verifyLink } from "#app/portal/guard.server.ts";

export const meta: MetaFunction = () => [{ title: "Request a new link" }, { name: "robots", content: "noindex, nofollow" }];
export const headers = portalHeaders;

const form = z.object({ email: z.string().trim().min(3).max(254) });

/** Back to the link's page; whatever the path held is encoded, so any Location header is valid. */
const linkPage = (token: string | undefined) => `/p/${encodeURIComponent(token ?? "")}`;

export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(linkPage(params.token));
}

/** Long enough for either outcome to be done by then: the time taken says nothing about the address. */
const answerAfterMs = 400;

/**
 * "Send me a new link" from the invalid-link page. The answer is the same, and comes after the
 * same time, whether or not the address matched, so the form cannot be used to test addresses.
 * Requests are limited per caller's address and per customer.
 */
export async function action({ context, params, request }: ActionFunctionArgs) {
  const { app } = context;
  const result = await verifyLink(context, params);
  if (result.ok) throw redirect(linkPage(params.token), { headers: noStore });
  const limit = app.limits.linkRequests.hit(context.clientIp ?? "unknown");
  if (!limit.allowed) tooManyAttempts(limit.retryAfterSeconds);
  // A body that is not a form (JSON, plain text) is just a form without an address.
  const fields = await request.formData().catch(() => new FormData());
  const parsed = form.safeParse(Object.fromEntries(fields));
  if (result.reason === "invalid" || !parsed.success) {
    return { message: "Please ask the business that sent you the link for a new one." };
  }
  const perCustomer = app.limits.linkRequestsPerCustomer.hit(result.lapsed.customerId);
  if (!perCustomer.allowed) tooManyAttempts(perCustomer.retryAfterSeconds);
  const { lapsed, reason } = result;
  const outcome = await answerNoSoonerThan(answerAfterMs, () => requestFreshLink(app.db, { ...lapsed, reason }, parsed.data.email, app.now()));
  return {
    message:
      outcome === "not-offered"
        ? "Please ask the business that sent you the link for a new one."
        : "Thank you. If that address is the one on file, we have asked the sender of your invoices to send you a fresh link.",
  };
}

export default function NewLink() {
  const outcome = useActionData<typeof action>();
  return (
    <Plain title="Request a new link">
      <p role="status">{outcome?.message}</p>
    </Plain>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
