import type { AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import type { PortalAccess } from "#app/portal/access.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import type { LocaleChoice } from "#app/i18n/languages.ts";
import { notFoundPage, requirePortalAccess } from "./guard.server.ts";
import { portalLocale, switchLanguage } from "./language.server.ts";

interface Parties {
  customer: { locale: string | null };
  vendor: { locale: string };
}

/**
 * The guard of a portal document's page (an invoice, a quote): the link's access; on a page
 * load, the language switch; then the document `read` finds within the link's scope, or the
 * portal's not-found page; and the language the page speaks.
 */
export async function requirePortalDocument<View extends Parties>(
  { context, params, request }: { context: AppLoadContext; params: Params; request: Request },
  read: (db: Db, access: PortalAccess, id: string, now: Date) => Promise<View | null>,
  id: string | undefined,
  { page }: { page: boolean },
): Promise<{ access: PortalAccess; view: View; i18n: LocaleChoice }> {
  const access = await requirePortalAccess(context, params);
  if (page) await switchLanguage(request);
  const { app } = context;
  const view = await read(app.db, access, id ?? "", app.now());
  if (!view) throw await notFoundPage(context, access);
  return { access, view, i18n: await portalLocale(request, view) };
}
