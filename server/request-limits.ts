import type { NextFunction, Request, Response } from "express";
import getRawBody from "raw-body";

const kib = 1024;
const mib = 1024 * kib;

/** The methods Remit answers; anything else (TRACE, PUT, DELETE…) is a 405. */
export const allowedMethods = ["GET", "HEAD", "POST"];

/**
 * The largest body each address takes: Stripe and Slack send events well under 1 MiB; the
 * portal's forms (Pay, "request a new link") and its view beacon are a few fields. Remix's
 * single-fetch form posts go to the same path with `.data` added.
 */
export function bodyLimit(method: string, path: string): number {
  if (method === "GET" || method === "HEAD") return 0;
  const route = path.replace(/\.data$/, "");
  if (route === "/webhooks/stripe" || route === "/webhooks/stripe/connect" || route === "/slack/events") return mib;
  if (/^\/p\/[^/]+\/beacon$/.test(route)) return kib;
  return 4 * kib;
}

/** The body read by `readBody`, for the Remix request. */
export function bodyOf(res: Response): Buffer | undefined {
  return res.locals.body as Buffer | undefined;
}

/**
 * Reads the body up to the route's limit before anything else sees it. A declared
 * Content-Length over the limit is refused without reading a byte; a streamed body is read
 * until it passes the limit. Either way the answer is 413 (by the error handler) and the
 * connection is closed, so the rest is never read.
 */
export function readBody(req: Request, res: Response, next: NextFunction): void {
  const length = req.headers["content-length"];
  if (req.headers["transfer-encoding"] === undefined && (length === undefined || length === "0")) {
    next();
    return;
  }
  getRawBody(req, { limit: bodyLimit(req.method, req.path), length }).then((body) => {
    res.locals.body = body;
    next();
  }, next);
}

/** Unknown methods are refused before routing, with what is allowed. */
export function refuseUnknownMethods(req: Request, res: Response, next: NextFunction): void {
  if (allowedMethods.includes(req.method)) {
    next();
    return;
  }
  res.setHeader("Allow", allowedMethods.join(", "));
  next(Object.assign(new Error(`Method ${req.method} is not allowed.`), { status: 405 }));
}
