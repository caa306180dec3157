import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { publicUrl, type Env } from "#app/platform/config/env.server.ts";

/**
 * Headers on every response: a strict Content-Security-Policy with a per-request nonce for
 * Remix's inline scripts, no referrer (portal links carry a token that must not leak to
 * Stripe or anyone else), no MIME sniffing, no framing; HSTS when Remit is served over https.
 * Caching is set per route.
 */
export function securityHeaders(env: Env) {
  const https = publicUrl(env).startsWith("https:");
  return (req: Request, res: Response, next: NextFunction) => {
    if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    headersFor(res);
    next();
  };
}

function headersFor(res: Response): void {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      `style-src 'self' 'nonce-${nonce}'`,
      "img-src 'self' data:",
      "connect-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self' https://checkout.stripe.com",
    ].join("; "),
  );
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
}
