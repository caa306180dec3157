import type { NextFunction, Request, Response } from "express";
import type { AppContext } from "#app/context.server.ts";
import { verifyPortalToken } from "#app/portal/access.server.ts";

/**
 * Verifies the link of a portal page or document asked for with GET or HEAD, once, before
 * anything else: the kept answers (decisions 115, 157) need it, and Remix's loaders reuse it
 * (`context.verifiedLink`) instead of asking again.
 */
export function verifyPortalLink(app: AppContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = typeof req.params.token === "string" ? req.params.token : "";
    try {
      res.locals.verifiedLink = { token, result: await verifyPortalToken(app.db, app.secrets.signingKeys, token, app.now(), app.linkStates) };
    } catch {
      // The database is slow or gone: the loader asks again and answers with its 503 and Retry-After.
    }
    next();
  };
}

/** What every kept answer for a portal address depends on besides its data version: the URL and the client's language choice. */
export function portalAnswerKey(url: string, cookie: string | undefined, dataVersion: string): string {
  return [url, languageCookie.exec(cookie ?? "")?.[1] ?? "", dataVersion].join("\n");
}

/** The query parameters of a request's URL (path and query, as `req.url` holds them). */
export function queryOf(url: string): URLSearchParams {
  const start = url.indexOf("?");
  return new URLSearchParams(start < 0 ? "" : url.slice(start + 1));
}

const languageCookie = /(?:^|;\s*)remit_lang=([^;]*)/;
