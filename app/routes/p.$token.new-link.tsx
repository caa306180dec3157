import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { translator } from "#app/i18n/i18n.ts";
import type { WithLocale } from "#app/i18n/react.tsx";
import { Plain, PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { requestFreshLink } from "#app/portal/access.server.ts";
import { answerNoSoonerThan } from "#app/web/even-timing.server.ts";
import { noStore, portalHeaders, tooManyAttempts, verifyLink } from "#app/web/guard.server.ts";

export const meta: MetaFunction = ({ matches }) => {
  const root: unknown = matches[0]?.data;
  const language = typeof root === "object" && root !== null && "i18n" in root ? (root as WithLocale).i18n.language : null;
  return [{ title: translator(language, "portal")("newLink.title") }, { name: "robots", content: "noindex, nofollow" }];
};
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
    return { message: "askSender" as const };
  }
  const perCustomer = app.limits.linkRequestsPerCustomer.hit(result.lapsed.customerId);
  if (!perCustomer.allowed) tooManyAttempts(perCustomer.retryAfterSeconds);
  const { lapsed, reason } = result;
  const outcome = await answerNoSoonerThan(answerAfterMs, () => requestFreshLink(app.db, { ...lapsed, reason }, parsed.data.email, app.now()));
  return {
    message: outcome === "not-offered" ? ("askSender" as const) : app.email.config.transport === "smtp" ? ("emailed" as const) : ("requested" as const),
  };
}

export default function NewLink() {
  const outcome = useActionData<typeof action>();
  const { t } = useTranslation("portal");
  return (
    <Plain title={t("newLink.title")}>
      <p role="status">{outcome ? t(`newLink.${outcome.message}`) : null}</p>
    </Plain>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
