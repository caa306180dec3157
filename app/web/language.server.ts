import { createCookie, redirect } from "@remix-run/node";
import { chooseLocale, isLanguage, type LocaleChoice } from "#app/i18n/languages.ts";
import { noStore } from "./guard.server.ts";

/** The client's pick from the portal's language switch: a preference, not a secret. */
const languageCookie = createCookie("remit_lang", { path: "/p", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

/**
 * `?lang=de` on a portal page stores the choice and reloads the page without it, so the
 * switch works as plain links with no script. Anything else in the URL is kept.
 */
export async function switchLanguage(request: Request): Promise<void> {
  const url = new URL(request.url);
  if (!url.searchParams.has("lang")) return;
  const language = url.searchParams.get("lang");
  url.searchParams.delete("lang");
  const headers: Record<string, string> = { ...noStore };
  if (isLanguage(language)) headers["Set-Cookie"] = await languageCookie.serialize(language);
  throw redirect(`${url.pathname}${url.search}${url.hash}`, { headers });
}

/** The page's language and formatting locale for a client of `parties`. */
export async function portalLocale(request: Request, parties: { customer: { locale: string | null }; vendor: { locale: string } }): Promise<LocaleChoice> {
  const chosen: unknown = await languageCookie.parse(request.headers.get("Cookie"));
  return chooseLocale({ chosen: typeof chosen === "string" ? chosen : null, customer: parties.customer.locale, workspace: parties.vendor.locale });
}
