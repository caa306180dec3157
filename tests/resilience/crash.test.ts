// The real server (`remit serve`, production build) is killed with SIGKILL while it delivers
// outbox events to the Notion mirror, at the worst moment: Notion has just created a page and
// Remit has not heard back. After a restart nothing is lost and no page is made twice. The Notion
// fake runs in this process on loopback; the embedded database, or PostgreSQL with TEST_DATABASE_URL.
import { http, passthrough } from "msw";
import { expect, it, onTestFinished } from "vitest";
import { parseEnv } from "#app/platform/config/env.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { startServer, type RunningServer } from "#bench/lib/processes.ts";
import { boot } from "#server/boot.ts";
import { testSecrets } from "#tests/app.ts";
import { openShared, sharedDatabase, sharedEnv } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { serveOnLoopback } from "#tests/msw/loopback.ts";
import { createFakeNotion, notionApiUrl } from "#tests/msw/notion.ts";
import { mswServer } from "#tests/msw/server.ts";
import { notionToken } from "#tests/notion.ts";
import { freePort, waitFor } from "#tests/remit-process.ts";
import { testNow } from "#tests/clock.ts";

const invoiceCount = 30;
const killAtPage = 12;

it("loses nothing and creates no page twice when the server is killed mid-delivery and restarted", async () => {
  // This process talks to the loopback servers for real (msw lets them through).
  mswServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
  const fake = createFakeNotion({ baseUrl: notionApiUrl });
  fake.addToken(notionToken);
  let server: RunningServer | null = null;
  let pagesCreated = 0;
  let killed = false;
  const notion = await serveOnLoopback(fake.handlers, {
    origin: notionApiUrl,
    // The page exists in Notion; the server dies before the answer reaches it.
    async after(request, response) {
      if (request.method !== "POST" || new URL(request.url).pathname !== "/v1/pages" || !response.ok) return;
      if (++pagesCreated !== killAtPage || !server) return;
      const exited = new Promise((resolve) => server!.child.once("exit", resolve));
      server.child.kill("SIGKILL");
      await exited;
      killed = true;
    },
  });
  onTestFinished(() => notion.close());

  const target = await sharedDatabase();
  const port = await freePort();
  const env = { ...sharedEnv(target), ...testSecrets, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, NOTION_API_URL: notion.url, DEMO: "off" };
  // The embedded database belongs to one process at a time: this test opens it only while no server runs.
  let database: Database | null = null;
  onTestFinished(() => database?.close());
  const open = async (): Promise<Database> => (database = await openShared(target));
  const close = async () => {
    await database?.close();
    database = null;
  };
  const running = (candidate: RunningServer) => candidate.child.exitCode === null && candidate.child.signalCode === null;

  // Before the server starts: a connected workspace whose invoices wait in the outbox.
  const app = await boot({ env: parseEnv({ ...env, LOG_LEVEL: "silent" }), database: await open(), migrate: "apply" });
  const db = app.db;
  const { workspace, customer } = await aVendor(db, { defaultCurrency: "USD", timezone: "UTC" });
  const { dataSourceId } = await app.notion.connect(workspace.id, { token: notionToken, target: { parentPage: fake.addParentPage([notionToken]) } });
  for (let i = 0; i < invoiceCount; i++) {
    const invoice = await anInvoice(db, workspace.id, customer.id, { dueDate: "2027-06-30" });
    if (i % 3 === 0)
      await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "Bank transfer" }, testNow);
  }
  await close();

  const serverEnv = { ...env, NOTION_REQUESTS_PER_SECOND: "10", OUTBOX_POLL_MS: "100", LOG_LEVEL: "error" };
  const first = await startServer(serverEnv);
  onTestFinished(() => void (running(first) && first.child.kill("SIGKILL")));
  server = first;
  await waitFor("the kill", () => killed);

  let { prisma } = await open();
  const recorded = new Set((await prisma.notionPage.findMany({ select: { pageId: true } })).map((page) => page.pageId));
  const orphans = fake.pages(dataSourceId).filter((page) => !recorded.has(page.id));
  expect(orphans.length, "a page Notion created but Remit never recorded").toBeGreaterThan(0);
  expect(await prisma.delivery.count({ where: { leaseUntil: { gt: new Date() } } }), "deliveries claimed by the killed server").toBeGreaterThan(0);

  // A restart within the leases would wait them out (30 s per claimed delivery, 5 min per page
  // being written); move them into the past instead of waiting in real time.
  const past = new Date(Date.now() - 1000);
  await prisma.delivery.updateMany({ where: { leaseUntil: { not: null } }, data: { leaseUntil: past } });
  await prisma.notionPage.updateMany({ where: { leaseUntil: { not: null } }, data: { leaseUntil: past } });
  const expected = await prisma.invoice.findMany({ where: { workspaceId: workspace.id }, select: { id: true, status: true, amountPaid: true } });
  await close();

  const restarted = await startServer(serverEnv);
  onTestFinished(() => (running(restarted) ? restarted.stop() : undefined));
  const current = () => {
    const pages: Record<string, unknown>[] = fake.pages(dataSourceId);
    return expected.every((invoice) => {
      const found = pages.filter((page) => page["Remit ID"] === invoice.id);
      return found.length === 1 && found[0]!.Status === (invoice.status === "paid" ? "Paid" : "Open") && found[0]!["Amount paid"] === invoice.amountPaid / 100;
    });
  };
  await waitFor("every page to be current", current);
  let seen = fake.requests.length;
  let quietSince = Date.now();
  await waitFor("the outbox to go quiet", () => {
    if (fake.requests.length !== seen) [seen, quietSince] = [fake.requests.length, Date.now()];
    return Date.now() - quietSince > 2000;
  });
  await restarted.stop();

  ({ prisma } = await open());
  const deliveries = await prisma.delivery.groupBy({ by: ["subscriber", "status"], _count: { _all: true } });
  // Every delivery ended delivered: the Notion mirror's and the client emails' (kept as files here).
  expect(deliveries.map(({ subscriber, status }) => `${subscriber} ${status}`).sort()).toEqual(["email delivered", "notion delivered"]);
  const invoices = (await prisma.invoice.findMany({ where: { workspaceId: workspace.id }, include: { notionPage: true } })).map((invoice) => ({
    notionPageId: invoice.notionPage?.pageId,
  }));
  const pages = fake.pages(dataSourceId);
  expect(pages).toHaveLength(invoiceCount);
  expect(pagesCreated, "no page was created twice").toBe(invoiceCount);
  expect(new Set(invoices.map((invoice) => invoice.notionPageId))).toEqual(new Set(pages.map((page) => page.id)));
  expect(
    orphans.every((orphan) => invoices.some((invoice) => invoice.notionPageId === orphan.id)),
    "the orphan page was adopted",
  ).toBe(true);
});
