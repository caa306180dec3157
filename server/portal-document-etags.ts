import type { NextFunction, Request, Response } from "express";
import { LRUCache } from "lru-cache";
import type { AppLoadContext } from "@remix-run/node";
import { documentCacheControl, etagMatches } from "#app/web/documents.server.ts";
import { portalAnswerKey } from "./portal-links.ts";

/** What the Remix handler hands over: the ETag a portal document was answered with. */
export type KeepEtag = (etag: string) => void;

/** A portal document's address: `…/invoices/<id>/pdf`, `…/statement.pdf`. */
const documentPath = /[./]pdf$/;

/**
 * A client revalidating a portal PDF it already has is answered `304 Not Modified` from
 * memory, with no read and no rendering (decision 157). A document's ETag names its whole
 * input (decision 116), and that input is fixed by the URL (the link and the document), the
 * client's language choice and the customer's data version, which the link check reads
 * anyway: so once a document was answered for those, its ETag is remembered under them, and
 * a later `If-None-Match` with it needs nothing more. Any change to what the client's portal
 * shows moves the data version (decision 115), and the tag is looked up again the long way.
 */
export function documentRevalidation(maxDocuments = 10_000) {
  const etags = new LRUCache<string, string>({ max: maxDocuments });
  return (req: Request, res: Response, next: NextFunction): void => {
    const verified = (res.locals.verifiedLink as AppLoadContext["verifiedLink"])?.result;
    if (!documentPath.test(req.path) || !verified?.ok || req.query.lang !== undefined) return next();
    const key = portalAnswerKey(req, verified.dataVersion);
    const etag = etags.get(key);
    if (etag && etagMatches(req.get("if-none-match") ?? null, etag)) {
      res.setHeader("ETag", etag);
      res.setHeader("Cache-Control", documentCacheControl);
      res.status(304).end();
      return;
    }
    const keep: KeepEtag = (answered) => void etags.set(key, answered);
    res.locals.keepEtag = keep;
    next();
  };
}
