import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import onFinished from "on-finished";
import onHeaders from "on-headers";
import { log, requestScope, type RequestScope } from "#app/platform/config/log.server.ts";
import { unavailableRetryAfterSeconds } from "#app/platform/db/database-errors.server.ts";

/** An id a proxy in front already gave the request is kept, when it looks like one. */
const acceptedRequestId = /^[\w.:@-]{8,128}$/;

/**
 * Every request gets an id (X-Request-Id, on every log line it causes and on its error page),
 * one access log line when it ends, and a 503 with Retry-After instead of a 500 when it failed
 * because the database is unavailable.
 */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get("x-request-id");
  const scope: RequestScope = {
    requestId: incoming && acceptedRequestId.test(incoming) ? incoming : randomUUID(),
    databaseUnavailable: false,
  };
  res.setHeader("X-Request-Id", scope.requestId);
  const started = performance.now();
  onHeaders(res, () => {
    if (res.statusCode >= 500 && scope.databaseUnavailable) {
      res.statusCode = 503;
      res.setHeader("Retry-After", String(unavailableRetryAfterSeconds));
    }
  });
  requestScope.run(scope, () => {
    onFinished(res, () => {
      const status = res.headersSent ? res.statusCode : 0;
      const fields = {
        method: req.method,
        path: req.originalUrl,
        status,
        durationMs: Math.round(performance.now() - started),
        bytes: Number(res.getHeader("content-length") ?? 0) || undefined,
        ip: req.ip,
      };
      const message = `${req.method} ${req.originalUrl} ${status || "aborted"}`;
      // An access line is written for every request: not summarised like repeated errors.
      requestScope.run(scope, () => (status >= 500 ? log.access("warn", message, fields) : log.access("info", message, fields)));
    });
    next();
  });
}
