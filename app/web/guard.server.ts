import { data, type AppLoadContext, type HeadersFunction } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { verifyPortalToken, type PortalAccess, type PortalAccessResult } from "#app/portal/access.server.ts";
import type { Branding } from "#app/components/portal/shell.tsx";
import { chooseLocale, type Language } from "#app/i18n/languages.ts";
import { branding } from "./branding.server.ts";

export const noStore = { "Cache-Control": "private, no-store" };

/**
 * The `headers` of every portal page: never cached, and what a thrown answer set (a 429's
 * Retry-After) is kept rather than replaced.
 */
export const portalHeaders: HeadersFunction = ({ errorHeaders, actionHeaders, loaderHeaders }) => {
  const headers = new Headers(errorHeaders ?? actionHeaders ?? loaderHeaders);
  headers.set("Cache-Control", noStore["Cache-Control"]);
  return headers;
};

/** Why a link gives no access, as the invalid-link page shows it. */
export interface LinkProblem {
  kind: "link";
  reason: "invalid" | "expired" | "revoked";
  vendorName: string | null;
  /** The vendor's name, colour and logo for the page's header, when the link names a real client. */
  vendor: Branding | null;
  /** The vendor lets clients ask for a fresh link from this page. */
  selfService: boolean;
  /** The client's language when the link names a real client; else the browser's is used. */
  language: Language | null;
}

async function linkProblem(context: AppLoadContext, result: Exclude<PortalAccessResult, { ok: true }>): Promise<LinkProblem> {
  if (result.reason === "invalid") return { kind: "link", reason: "invalid", vendorName: null, vendor: null, selfService: false, language: null };
  const { workspaceId, customerId } = result.lapsed;
  const customer = await context.app.db.customer.findFirst({
    where: { id: customerId, workspaceId },
    select: { locale: true, workspace: { select: { name: true, selfServiceLinks: true, locale: true, brandColor: true, logoPng: true } } },
  });
  const workspace = customer?.workspace;
  return {
    kind: "link",
    reason: result.reason,
    vendorName: workspace?.name ?? null,
    vendor: workspace ? branding(workspace) : null,
    selfService: workspace?.selfServiceLinks ?? false,
    language: customer ? chooseLocale({ customer: customer.locale, workspace: workspace?.locale }).language : null,
  };
}

export function tooManyAttempts(retryAfterSeconds: number): never {
  throw data({ kind: "rate-limited" as const }, { status: 429, headers: { ...noStore, "Retry-After": String(retryAfterSeconds) } });
}

/**
 * Verifies the portal link in the URL. A link that verifies is always served; a link that
 * does not counts against the caller's address, and past the limit the answer is 429
 * instead of the invalid-link page.
 */
export async function verifyLink(context: AppLoadContext, params: Params): Promise<PortalAccessResult> {
  const { app } = context;
  const token = params.token ?? "";
  // The kept-page check may have verified this very link a moment ago in this request.
  const result =
    context.verifiedLink?.token === token
      ? context.verifiedLink.result
      : await verifyPortalToken(app.db, app.secrets.signingKeys, token, app.now(), app.linkStates);
  if (result.ok) return result;
  const limit = app.limits.badTokens.hit(context.clientIp ?? "unknown");
  if (!limit.allowed) tooManyAttempts(limit.retryAfterSeconds);
  return result;
}

export async function requirePortalAccess(context: AppLoadContext, params: Params): Promise<PortalAccess> {
  const result = await verifyLink(context, params);
  if (result.ok) return result.access;
  throw data(await linkProblem(context, result), { status: 403, headers: noStore });
}

/** The one answer for anything outside the link's scope, whoever's it is. */
export function notFound(): never {
  throw data({ kind: "not-found" as const, vendor: null, language: null }, { status: 404, headers: noStore });
}

/**
 * The same answer for a page: in the client's language, under the branding of the vendor whose
 * link it is (never of whatever was asked for), so the way back looks like the portal.
 */
export async function notFoundPage(context: AppLoadContext, access: PortalAccess) {
  const customer = await context.app.db.customer.findFirstOrThrow({
    where: { id: access.customerId, workspaceId: access.workspaceId },
    select: { locale: true, workspace: { select: { name: true, locale: true, brandColor: true, logoPng: true } } },
  });
  const { workspace } = customer;
  const language = chooseLocale({ customer: customer.locale, workspace: workspace.locale }).language;
  return data({ kind: "not-found" as const, vendor: branding(workspace), language }, { status: 404, headers: noStore });
}
