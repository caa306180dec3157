import { createServer, type RequestListener, type Server } from "node:http";
import { join } from "node:path";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { projectRoot } from "#app/platform/config/paths.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { requestContext } from "./requests.ts";
import { errorPage } from "./error-pages.ts";
import { keptAnswersFirst } from "./kept-answers.ts";
import { keptPortalHomes } from "./portal-home-cache.ts";
import { rememberedDocumentEtags } from "./portal-document-etags.ts";
import { verifyPortalLink } from "./portal-links.ts";
import { remixHandler } from "./remix-handler.ts";
import { readBody, refuseUnknownMethods } from "./request-limits.ts";
import { securityHeaders } from "./security-headers.ts";
import type { Drain } from "./shutdown.ts";

/**
 * The HTTP server's request handler: answers memory holds first (kept-answers.ts), then the
 * Express app, always in production mode: unknown methods refused, each body read within its
 * route's limit, built assets (compressed, as the client accepts), kept portal pages (already
 * compressed), then Remix; whatever fails outside Remix gets a plain page.
 */
export function createHttpApp(build: ServerBuild, app: AppContext, drain?: Drain): RequestListener {
  const http = express();
  http.set("env", "production");
  http.disable("x-powered-by");
  http.set("trust proxy", app.env.TRUST_PROXY);
  // What every request goes through, however it is answered.
  const prelude = [requestContext, ...(drain ? [drain.closeConnectionsWhenDraining] : []), securityHeaders(app.env)];
  const kept = { homes: keptPortalHomes(app.env.PORTAL_CACHE_MB), documents: rememberedDocumentEtags() };
  http.use(prelude);
  http.use(refuseUnknownMethods);
  http.use(readBody);
  // Compressed on the way out where the whole file is known. Remix's pages are read whole and
  // compressed by the Remix handler (streaming them through a compressor broke a later form post
  // on the same connection in Chromium: docs/decisions/115); a kept page is sent already compressed.
  http.use("/build", compression(), express.static(join(projectRoot, "public", "build"), { immutable: true, maxAge: "1y" }));
  // The one file outside the build: matched by its path, so other requests cost no file lookup.
  http.get("/favicon.svg", (req, res, next) => res.sendFile(join(projectRoot, "public", "favicon.svg"), { maxAge: "1h" }, (error) => error && next(error)));
  http.get(["/p/:token", "/p/:token/*"], verifyPortalLink(app));
  http.get("/p/:token", kept.homes.middleware);
  http.get("/p/:token/*", kept.documents.middleware);
  http.all(
    "*",
    remixHandler(build, (req, res) => ({
      app,
      clientIp: req.ip,
      cspNonce: res.locals.cspNonce as string,
      verifiedLink: res.locals.verifiedLink as AppLoadContext["verifiedLink"],
    })),
  );
  http.use(errorPage);
  return keptAnswersFirst(http, app, kept, prelude);
}

/**
 * How long a client may take: to send its headers, to send the whole request, and to stay
 * silent on an open connection. Slow clients are cut off instead of holding sockets.
 */
export interface ClientTimeouts {
  headersMs: number;
  requestMs: number;
  idleMs: number;
  keepAliveMs: number;
  /** How often Node checks the first two. */
  checkEveryMs: number;
}

export const clientTimeouts: ClientTimeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 60_000, keepAliveMs: 5_000, checkEveryMs: 1_000 };

export function listen(http: RequestListener, host: string, port: number, timeouts: ClientTimeouts = clientTimeouts): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(
      {
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        keepAliveTimeout: timeouts.keepAliveMs,
        connectionsCheckingInterval: timeouts.checkEveryMs,
      },
      http,
    );
    server.setTimeout(timeouts.idleMs);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${port} on ${host} is already in use. Stop the other server or set PORT to a free port.`) : error);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
