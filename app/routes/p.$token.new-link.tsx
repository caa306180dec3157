import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { z } from "zod";
import { Plain, PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { requestFreshLink } from "#app/domain/portal-access.server.ts";
import { noStore, tooManyAttempts, verifyLink } from "#app/portal/guard.server.ts";

export const meta: MetaFunction = () => [{ title: "Request a new link" }, { name: "robots", content: "noindex, nofollow" }];
export const headers = () => noStore;

const form = z.object({ email: z.string().trim().min(3).max(254) });

/** Back to the link's page; whatever the path held is encoded, so any Location header is valid. */
const linkPage = (token: string | undefined) => `/p/${encodeURIComponent(token ?? "")}`;

export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(linkPage(params.token));
}

/**
 * "Send me a new link" from the invalid-link page. The answer is the same whether or not
 * the address matched, so the form cannot be used to test addresses.
 */
export async function action({ context, params, request }: ActionFunctionArgs) {
  const result = await verifyLink(context, params);
  if (result.ok) throw redirect(linkPage(params.token), { headers: noStore });
  const address = context.clientIp ?? "unknown";
  const limit = context.app.limits.linkRequests.hit(address);
  if (!limit.allowed) tooManyAttempts(limit.retryAfterSeconds);
  // A body that is not a form (JSON, plain text) is just a form without an address.
  const fields = await request.formData().catch(() => new FormData());
  const parsed = form.safeParse(Object.fromEntries(fields));
  if (result.reason === "invalid" || !parsed.success) {
    return { message: "Please ask the business that sent you the link for a new one." };
  }
  const outcome = await requestFreshLink(context.app.db, { ...result.lapsed, reason: result.reason }, parsed.data.email, context.app.now());
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
