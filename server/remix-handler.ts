import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { sendPage, type KeepPage } from "./portal-home-cache.ts";
import type { KeepEtag } from "./portal-document-etags.ts";
import { bodyOf } from "./request-limits.ts";

function requestHeaders(req: Request): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}

async function send(req: Request, res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers) res.append(name, value);
  const keepEtag = res.locals.keepEtag as KeepEtag | undefined;
  const etag = response.headers.get("etag");
  if (keepEtag && etag && (response.status === 200 || response.status === 304)) keepEtag(etag);
  if (!response.body) return void res.end();
  if (!response.headers.get("content-type")?.startsWith("text/html")) return writeReadableStreamToWritable(response.body, res);
  // A page is read whole (no route streams deferred data), kept when the portal home cache asked
  // for it, and sent compressed in one piece.
  const html = Buffer.from(await response.arrayBuffer());
  const keep = res.locals.keepPage as KeepPage | undefined;
  if (keep && response.status === 200 && !response.headers.has("set-cookie")) keep(html, response.headers);
  await sendPage(req, res, html);
}

/**
 * Remix behind Express, as @remix-run/express does it (headers, response), with two differences: Remix always runs
 * in production mode (errors reach clients sanitized, whatever NODE_ENV says), and the body is
 * the one `readBody` already read within the route's limit, not the raw request stream.
 */
/** The request's URL; a Host header no URL can hold is the client's mistake (400). */
function requestUrl(req: Request): URL {
  try {
    return new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  } catch {
    throw Object.assign(new Error("The Host header is not a host name."), { status: 400 });
  }
}

export function remixHandler(build: ServerBuild, loadContext: (req: Request, res: Response) => AppLoadContext) {
  const handle = createRequestHandler(build, "production");
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const body = bodyOf(res);
      const request = new Request(requestUrl(req), {
        method: req.method,
        headers: requestHeaders(req),
        signal: controller.signal,
        ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: body ? new Uint8Array(body) : null }),
      });
      await send(req, res, await handle(request, loadContext(req, res)));
    } catch (error) {
      next(error);
    }
  };
}
