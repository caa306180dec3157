import type { Server } from "node:http";
import { join } from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { projectRoot } from "#app/config/paths.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { requestContext } from "./requests.ts";
import { securityHeaders } from "./security-headers.ts";
import type { Drain } from "./shutdown.ts";

/** The Express app: static assets, then every other request to Remix with the app context. */
export function createHttpApp(build: ServerBuild, app: AppContext, drain?: Drain) {
  const http = express();
  http.disable("x-powered-by");
  http.set("trust proxy", app.env.TRUST_PROXY);
  http.use(requestContext);
  if (drain) http.use(drain.closeConnectionsWhenDraining);
  http.use(securityHeaders);
  http.use("/build", express.static(join(projectRoot, "public", "build"), { immutable: true, maxAge: "1y" }));
  http.use(express.static(join(projectRoot, "public"), { maxAge: "1h" }));
  http.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req, res) => ({ app, clientIp: req.ip, cspNonce: res.locals.cspNonce as string }),
    }),
  );
  return http;
}

export function listen(http: ReturnType<typeof express>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = http.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} on ${host} is already in use. Stop the other server or set PORT to a free port.`)
          : error,
      );
    });
  });
}


export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
