import { mkdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { http, passthrough } from "msw";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import type { Subscriber } from "#app/ports/events.ts";
import { loadDemo, type DemoSummary } from "#server/demo.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { closeServer, createHttpApp, listen } from "#server/http.ts";
import { ensureBuild } from "#scripts/ensure-build.mjs";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { testNow } from "#tests/clock.ts";
import { mswServer } from "#tests/msw/server.ts";
import { signedDelivery, stripeEvent, type FakeStripe, type StripeObject } from "#tests/msw/stripe.ts";
import type { ReceivedEmail } from "#tests/smtp.ts";

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

export interface InChromium {
  portal: Portal;
  browser: Browser;
}

/**
 * A browser test file's set-up: before its tests, the portal (with `env`, read then, so it can
 * name a test SMTP server started before) and Chromium; before each test, msw lets requests to
 * the portal through, beside the fake Stripe's handlers when `stripe` is given; after them, both
 * closed. `ready` receives the portal and the browser.
 */
export function inChromium(ready: (world: InChromium) => void, options: { env?: () => Record<string, string>; stripe?: FakeStripe } = {}): void {
  let world: InChromium | undefined;
  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    const [portal, browser] = await Promise.all([startPortal(options.env?.()), launchChromium()]);
    world = { portal, browser };
    ready(world);
  });
  afterAll(async () => {
    await world?.browser.close();
    world?.portal.app.email.close();
    await world?.portal.close();
  });
  beforeEach(() => {
    mswServer.use(
      http.all(`${world!.portal.baseUrl}/*`, () => passthrough()),
      ...(options.stripe?.handlers() ?? []),
    );
  });
}

/** A page at `url` in a person's browser, once its scripts are done: it answered 200, with no script error. */
export async function openPage(browser: Browser, url: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, userAgent: personsBrowser });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core, run in the page (through the debugging protocol, so the page's CSP allows it). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return results.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

/** A person's browser in which Stripe's hosted Checkout page, which cannot be reached from here, is stood in for. */
export async function checkoutContext(browser: Browser, options: { acceptDownloads?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ userAgent: personsBrowser, ...options });
  await context.route("https://checkout.stripe.com/**", (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Stripe Checkout</title><h1>Pay with card</h1>" }),
  );
  return context;
}

/** Stripe's checkout.session.completed for a paid session, signed and posted to the portal's webhook endpoint; its HTTP status. */
export async function confirmByWebhook(portal: Portal, completed: StripeObject): Promise<number> {
  const delivery = signedDelivery(stripeEvent("checkout.session.completed", completed));
  return (await fetch(`${portal.baseUrl}/webhooks/stripe`, { method: "POST", headers: delivery.headers, body: delivery.body })).status;
}

/** What the server's outbox does on its own: every delivery due to `subscribers` goes out. */
export async function deliverOutbox(portal: Portal, subscribers: Subscriber[]): Promise<void> {
  const dispatcher = createDispatcher(portal.app.db, { subscribers, now: () => testNow });
  while ((await dispatcher.runOnce()).claimed > 0);
}

export const to = (address: string) => (email: ReceivedEmail) => email.envelope.to.includes(address);

/** The button's link in an email's HTML part: what the client clicks. */
export function buttonHref(email: ReceivedEmail): string {
  const href = /<a href="([^"]+)"[^>]*>/.exec(String(email.mail.html))?.[1];
  if (!href) throw new Error("No button in the email");
  return href.replace(/&amp;/g, "&");
}
