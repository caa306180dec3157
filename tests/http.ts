import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { ensureBuild } from "#scripts/ensure-build.mjs";
import { closeServer, createHttpApp, listen, type ClientTimeouts } from "#server/http.ts";
import { createTestApp } from "./app.ts";
import { fileDatabase } from "./database.ts";
import { mswServer } from "./msw/server.ts";

/**
 * A test file's Remit instances as they serve: the production build behind server/http.ts on
 * loopback, each instance a test app with its own memory over the file's one database (at `now`,
 * with `timeouts` for its clients). Requests to 127.0.0.1 pass msw by; every instance and the
 * database close after the file.
 */
export function loopbackInstances(options: { now?: () => Date; timeouts?: ClientTimeouts } = {}) {
  const file = fileDatabase("loopbackInstances' database");
  let serverBuild: ServerBuild | undefined;
  const servers: Server[] = [];
  const stopHearing: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    ensureBuild();
    ({ serverBuild } = (await import(pathToFileURL(join(import.meta.dirname, "..", "build", "index.js")).href)) as { serverBuild: ServerBuild });
  });
  afterAll(async () => {
    await Promise.all(servers.map(closeServer));
    await Promise.all(stopHearing.map((stop) => stop()));
  });
  beforeEach(() => {
    mswServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
  });
  return {
    /** The file's database, once beforeAll has run. */
    get db() {
      return file.db;
    },
    /**
     * Starts one more instance with `env`: its app, its origin and its port. `hearing`: it hears
     * the database's change notices, as `remit serve` does, and so keeps link states in memory.
     */
    async serve(env: Record<string, string> = {}, { hearing = false } = {}) {
      if (!serverBuild) throw new Error("loopbackInstances serve once beforeAll has run");
      const app = await createTestApp(file.database, env, options.now);
      if (hearing) stopHearing.push(await app.linkStates.listenTo(file.database));
      const server = await listen(createHttpApp(serverBuild, app), "127.0.0.1", 0, options.timeouts);
      servers.push(server);
      const { port } = server.address() as AddressInfo;
      return { app, url: `http://127.0.0.1:${port}`, port };
    },
  };
}
