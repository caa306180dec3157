import type { NextFunction, Request, Response } from "express";
import { LRUCache } from "lru-cache";
import type { AppLoadContext } from "@remix-run/node";
import type { IncomingMessage } from "node:http";
import type { PortalAccessResult } from "#app/portal/access.server.ts";
import { documentCacheControl, etagMatches } from "#app/web/documents.server.ts";
import { portalAnswerKey, queryOf } from "./portal-links.ts";

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
export function rememberedDocumentEtags(maxDocuments = 10_000) {
  const etags = new LRUCache<string, string>({ max: maxDocuments });

  /** The key of this request's document, when its ETag may be remembered. */
  function keyOf(req: IncomingMessage, url: string, verified: PortalAccessResult | undefined): string | undefined {
    if (!documentPath.test(url.split("?", 1)[0] ?? "") || !verified?.ok || queryOf(url).has("lang")) return undefined;
    return portalAnswerKey(url, req.headers.cookie, verified.dataVersion);
  }

  /** The remembered ETag this request's `If-None-Match` names, if any: the client's copy is current. */
  function lookUp(req: IncomingMessage, url: string, verified: PortalAccessResult | undefined): string | undefined {
    const key = keyOf(req, url, verified);
    return key === undefined ? undefined : namedBy(req, key);
  }

  function namedBy(req: IncomingMessage, key: string): string | undefined {
    const etag = etags.get(key);
    return etag && etagMatches(req.headers["if-none-match"] ?? null, etag) ? etag : undefined;
  }

  function middleware(req: Request, res: Response, next: NextFunction): void {
    const verified = (res.locals.verifiedLink as AppLoadContext["verifiedLink"])?.result;
    const key = keyOf(req, req.originalUrl, verified);
    if (key === undefined) return next();
    const etag = namedBy(req, key);
    if (etag) return sendNotModified(etag, res);
    const keep: KeepEtag = (answered) => void etags.set(key, answered);
    res.locals.keepEtag = keep;
    next();
  }

  return { lookUp, middleware };
}

export type RememberedDocumentEtags = ReturnType<typeof rememberedDocumentEtags>;

export function sendNotModified(etag: string, res: Response): void {
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", documentCacheControl);
  res.status(304).end();
}
