import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { NextFunction, Request, Response } from "express";
import { LRUCache } from "lru-cache";
import type { AppLoadContext } from "@remix-run/node";
import type { IncomingMessage } from "node:http";
import type { PortalAccessResult } from "#app/portal/access.server.ts";
import { portalAnswerKey, queryOf } from "./portal-links.ts";
import { contentSecurityPolicy } from "./security-headers.ts";

/**
 * The portal home as it was last rendered for a link, served again while nothing it shows has
 * changed (decision 115). The key is everything the page depends on: the URL (the link and its
 * page numbers), the client's language choice, and the data version the link's verification
 * reads in the same query (the database bumps it on every change of the customer's invoices and
 * payments or of the vendor, and the day is part of it). Every instance checks the version on
 * every request, so a change made by another instance is seen at once.
 *
 * A kept page is sent byte for byte, compressed once per encoding; its inline scripts and
 * styles are allowed by their hashes instead of the nonce they were rendered with. `maxMiB`
 * bounds the memory (least recently used pages go first); 0 keeps nothing.
 */
export interface KeptPage {
  headers: [string, string][];
  csp: string;
  bodies: Record<"identity" | "br" | "gzip", Buffer>;
}

/** What the Remix handler hands over: a portal home rendered for this key, worth keeping. */
export type KeepPage = (html: Buffer, headers: Headers) => void;

const inlineElement = /<(script|style)\b[^>]*>([\s\S]*?)<\/\1>/g;

function inlineHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, , content] of html.matchAll(inlineElement)) {
    if (content) hashes.add(`sha256-${createHash("sha256").update(content, "utf8").digest("base64")}`);
  }
  return [...hashes];
}

/**
 * A page in one encoding, off the main thread: at the strongest settings that stay quick for a
 * page kept and sent many times (`kept`), at quicker ones for a page sent once.
 */
function encode(html: Buffer, encoding: "br" | "gzip", kept: boolean): Promise<Buffer> {
  return encoding === "br"
    ? promisify(brotliCompress)(html, { params: { [constants.BROTLI_PARAM_QUALITY]: kept ? 9 : 5, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } })
    : promisify(gzip)(html, { level: kept ? 9 : 6 });
}

/** Compressed once per encoding as the page is kept. */
async function compressed(html: Buffer): Promise<KeptPage["bodies"]> {
  const [br, gz] = await Promise.all([encode(html, "br", true), encode(html, "gzip", true)]);
  return { identity: html, br, gzip: gz };
}

type Encoding = keyof KeptPage["bodies"];

/** The encoding chosen for each Accept-Encoding header seen: browsers send a handful of them, and negotiating was 2 % of a kept page. */
const chosenEncodings = new LRUCache<string, Encoding>({ max: 256 });

function acceptedEncoding(req: Request): Encoding {
  const header = req.headers["accept-encoding"] ?? "";
  let chosen = chosenEncodings.get(header);
  if (!chosen) {
    const accepted = req.acceptsEncodings("br", "gzip", "identity");
    chosenEncodings.set(header, (chosen = accepted === "br" || accepted === "gzip" ? accepted : "identity"));
  }
  return chosen;
}

function sendBody(req: Request, res: Response, body: Buffer, encoding: Encoding): void {
  if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
  res.setHeader("Vary", "Accept-Encoding");
  res.setHeader("Content-Length", body.length);
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * A page rendered for this request, sent whole and compressed as the client accepts, at
 * settings quick enough to pay on every first view (brotli 5, gzip 6, off the main thread):
 * a 50-invoice portal home goes from about 78 KB to about 11 KB on the wire.
 */
export async function sendPage(req: Request, res: Response, html: Buffer): Promise<void> {
  const encoding = html.length < 1024 ? "identity" : acceptedEncoding(req);
  sendBody(req, res, encoding === "identity" ? html : await encode(html, encoding, false), encoding);
}

/**
 * The kept portal homes: `lookUp` finds the page answering a request (used by the answers
 * given before Express, server/kept-answers.ts, and by `middleware`); `middleware`, after the
 * link check, answers a kept page or asks the Remix handler to keep the one it renders.
 */
export function keptPortalHomes(maxMiB: number) {
  const pages = maxMiB > 0 ? new LRUCache<string, KeptPage>({ maxSize: maxMiB * 2 ** 20, sizeCalculation: (page) => sizeOf(page) }) : null;

  /** The key of this request's page, when a page for it may be kept. */
  function keyOf(req: IncomingMessage, url: string, verified: PortalAccessResult | undefined): string | undefined {
    // A return from Stripe ("Pay all", `?payment=…`) shows a payment's state as the webhooks and
    // the clock move it: never kept. Other answers (an invoice-scoped link's redirect, a lapsed
    // link's page, the 503 of a link that could not be checked) are Remix's to give.
    if (!pages || (req.method !== "GET" && req.method !== "HEAD") || !verified?.ok || verified.access.invoiceId) return undefined;
    const query = queryOf(url);
    if (query.has("lang") || query.has("payment")) return undefined;
    return portalAnswerKey(url, req.headers.cookie, verified.dataVersion);
  }

  function lookUp(req: IncomingMessage, url: string, verified: PortalAccessResult | undefined): KeptPage | undefined {
    const key = keyOf(req, url, verified);
    return key === undefined ? undefined : pages?.get(key);
  }

  function middleware(req: Request, res: Response, next: NextFunction): void {
    const verified = (res.locals.verifiedLink as AppLoadContext["verifiedLink"])?.result;
    const key = keyOf(req, req.originalUrl, verified);
    if (!pages || key === undefined) return next();
    const kept = pages.get(key);
    if (kept) return sendKept(kept, req, res);
    const keep: KeepPage = (html, headers) => {
      const kept = [...headers].filter(([name]) => !["content-length", "content-security-policy", "set-cookie"].includes(name));
      const csp = contentSecurityPolicy({ hashes: inlineHashes(html.toString("utf8")) });
      // Kept once compressed; a request meanwhile renders the page again.
      void compressed(html).then((bodies) => pages.set(key, { headers: kept, csp, bodies }));
    };
    res.locals.keepPage = keep;
    next();
  }

  return { lookUp, middleware };
}

export type KeptPortalHomes = ReturnType<typeof keptPortalHomes>;

/** A kept page, as the client accepts it. */
export function sendKept(page: KeptPage, req: Request, res: Response): void {
  const encoding = acceptedEncoding(req);
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.setHeader("Content-Security-Policy", page.csp);
  res.status(200);
  sendBody(req, res, page.bodies[encoding], encoding);
}

function sizeOf(page: KeptPage): number {
  return page.bodies.identity.length + page.bodies.br.length + page.bodies.gzip.length + 1024;
}
