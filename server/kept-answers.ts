import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Express, NextFunction, Request, RequestHandler, Response } from "express";
import type { AppContext } from "#app/context.server.ts";
import { verifiedFromMemory } from "#app/portal/access.server.ts";
import { errorPage } from "./error-pages.ts";
import { sendKept, type KeptPortalHomes } from "./portal-home-cache.ts";
import { sendNotModified, type RememberedDocumentEtags } from "./portal-document-etags.ts";

/** A portal home or document as links are made (`/p/<token>`, `/p/<token>/<document>`); any other form is Express's to route. */
const portalAddress = /^\/p\/([\w-]+\.[\w-]+\.[\w-]+)(\/[^?]*)?(?:\?|$)/;

/**
 * Answers that memory alone can give, given before Express routes the request (decision 166):
 * a kept portal home (decision 115) and a portal PDF's `304` (decision 157), for a link whose
 * verification and customer state are both remembered (decision 156). Such a request runs the
 * same `prelude` every request runs (request id, access log, drain, security headers) on
 * Express's own request and response, then the kept answer; everything else, including any
 * answer memory does not hold, goes to `http` as before. Routing through Express's router was
 * the largest part of a kept answer's CPU after the socket write.
 */
export function keptAnswersFirst(
  http: Express,
  app: AppContext,
  kept: { homes: KeptPortalHomes; documents: RememberedDocumentEtags },
  prelude: RequestHandler[],
): RequestListener {
  return (req, res) => {
    const answer = keptAnswer(req);
    if (!answer) return void http(req, res);
    const dressed = asExpress(http, req, res);
    run(prelude, dressed.req, dressed.res, () => answer(dressed.req, dressed.res));
  };

  function keptAnswer(req: IncomingMessage): ((req: Request, res: Response) => void) | undefined {
    const url = req.url ?? "";
    // A GET with a body is refused by Express's path (its route takes none).
    if ((req.method !== "GET" && req.method !== "HEAD") || req.headers["content-length"] || req.headers["transfer-encoding"]) return undefined;
    const [, token, document] = portalAddress.exec(url) ?? [];
    if (!token) return undefined;
    const verified = verifiedFromMemory(app.linkStates, token, app.now());
    if (document) {
      const etag = kept.documents.lookUp(req, url, verified);
      return etag === undefined ? undefined : (_req, res) => sendNotModified(etag, res);
    }
    const page = kept.homes.lookUp(req, url, verified);
    return page && ((req, res) => sendKept(page, req, res));
  }
}

/** The request and response as Express's init makes them: its prototypes (for `req.ip`, `res.status`…), each other, locals. */
function asExpress(http: Express, req: IncomingMessage, res: ServerResponse): { req: Request; res: Response } {
  Object.setPrototypeOf(req, http.request);
  Object.setPrototypeOf(res, http.response);
  Object.assign(req, { res, originalUrl: req.url });
  Object.assign(res, { req, locals: Object.create(null) as Record<string, unknown> });
  return { req: req as Request, res: res as Response };
}

/** Runs `handlers` in order as Express would, then `last`; an error gets the plain error page. */
function run(handlers: RequestHandler[], req: Request, res: Response, last: () => void): void {
  const step = (index: number): NextFunction => {
    return (error?: unknown) => {
      if (error) return errorPage(error, req, res, () => res.destroy());
      const handler = handlers[index];
      try {
        if (handler) void handler(req, res, step(index + 1));
        else last();
      } catch (thrown) {
        errorPage(thrown, req, res, () => res.destroy());
      }
    };
  };
  step(0)();
}
