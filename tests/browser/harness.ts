import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { chromium, type Browser } from "playwright-core";
import type { AppContext } from "#app/context.server.ts";
import { loadDemo, type DemoSummary } from "#server/demo.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { closeServer, createHttpApp, listen } from "#server/http.ts";
import { ensureBuild } from "#scripts/ensure-build.mjs";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { testNow } from "#tests/clock.ts";

export const artifactsDir = join(import.meta.dirname, "..", "..", "test-artifacts");

export interface Portal {
  baseUrl: string;
  app: AppContext;
  demo: DemoSummary;
  link(customerName: string, options?: { preview?: boolean; invoiceId?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The production build's routes served over real HTTP on 127.0.0.1, on a test database
 * loaded with the demo data, so tests can look at the database behind the pages.
 */
export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  ensureBuild();
  const { serverBuild } = (await import(pathToFileURL(join(import.meta.dirname, "..", "..", "build", "index.js")).href)) as { serverBuild: ServerBuild };
  const database = await createTestDatabase();
  let server: Server | null = null;
  const app = await createTestApp(database, env);
  const demo = (await loadDemo(app.db, testNow))!;
  server = await listen(createHttpApp(serverBuild, app), "127.0.0.1", 0);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.env.PUBLIC_URL = baseUrl;
  return {
    baseUrl,
    app,
    demo,
    async link(customerName, options = {}) {
      const customer = demo.customers.find((c) => c.name === customerName);
      if (!customer) throw new Error(`No demo customer ${customerName}`);
      const link = await issueCustomerLink(app, { workspaceId: demo.workspaceId, customerId: customer.id, ttlDays: 1, ...options });
      return link.url;
    },
    async close() {
      if (server) await closeServer(server);
      await database.close();
    },
  };
}

/** Headless Chromium calls itself HeadlessChrome, which is (rightly) a bot; a person's browser does not. */
export const personsBrowser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** Debian's Chromium, with the flags that work as root in a sandbox with no network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
