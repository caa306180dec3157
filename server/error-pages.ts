import type { NextFunction, Request, Response } from "express";
import { errorMessage, log } from "#app/platform/config/log.server.ts";

/** What a person reads for each failure Remix never sees; nothing of the request is echoed back. */
const pages: Record<number, [title: string, message: string]> = {
  400: ["Bad request", "This address could not be read. Check that the link you were sent was copied whole."],
  405: ["Not allowed", "This address does not answer that kind of request."],
  408: ["Too slow", "The request took too long to arrive. Please try again."],
  413: ["Too large", "What was sent is larger than this address accepts."],
  500: ["Something went wrong", "We could not show this page. Please try again in a moment."],
};

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) return status in pages ? status : 400;
  return 500;
}

function page(title: string, message: string, nonce: string | undefined): string {
  const style = "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2937}main{max-width:36rem;margin:4rem auto;padding:0 1rem}";
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style${nonce ? ` nonce="${nonce}"` : ""}>${style}</style></head><body><main><h1>${title}</h1><p>${message}</p></main></body></html>`;
}

const lingerMs = 2_000;
const lingerBytes = 1024 * 1024;

/**
 * After a refused body, what the client already sent is read and dropped for a moment (at most
 * 2 s or 1 MiB) so it reads the answer instead of a connection reset; then the connection
 * is closed, and the rest is never read.
 */
function lingerThenClose(req: Request): void {
  let dropped = 0;
  const close = () => req.socket.destroy();
  const timer = setTimeout(close, lingerMs);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > lingerBytes) close();
  });
  req.on("end", close);
  req.socket.once("close", () => clearTimeout(timer));
  req.resume();
}

/**
 * The last handler: undecodable paths (400), refused methods (405), bodies over their limit
 * (413), a body that came too slowly or broke off (408, 400) and anything that escaped Remix
 * (500) get a plain page, never a stack trace.
 */
export function errorPage(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = statusOf(error);
  if (status === 500) log.error("Request failed outside Remix", { method: req.method, error: errorMessage(error) });
  const [title, message] = pages[status] ?? pages[400]!;
  res.status(status).type("html").setHeader("Cache-Control", "no-store");
  if (!req.complete) res.on("finish", () => lingerThenClose(req));
  res.end(req.method === "HEAD" ? undefined : page(title, message, res.locals.cspNonce as string | undefined));
}
