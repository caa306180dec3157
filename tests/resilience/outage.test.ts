// Notion unavailable for a simulated 10 minutes (5xx, dropped connections, timeouts, 429s)
// while 200 changes happen to invoices: afterwards every page shows its invoice's current
// state, each invoice has exactly one page, nothing was dead-lettered and nobody was alerted
// (an outage is not lost access). Time is simulated: one clock for the dispatcher, the rate
// limiter and the fake moves forward when they wait; only request timeouts cost real milliseconds.
import { http, HttpResponse, delay, getResponse } from "msw";
import { expect, it } from "vitest";
import { parseEnv } from "#app/platform/config/env.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { recordView } from "#app/portal/activity.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { summarizeInvoice } from "#app/billing/invoice-summary.server.ts";
import { createInvoice, issueInvoice, markUncollectible, recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { createNotionService } from "#integrations/notion/index.ts";
import { rowValues } from "#integrations/notion/schema.ts";
import { testSecrets } from "#tests/app.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aClientLink, aCustomer, aWorkspace } from "#tests/fixtures.ts";
import { createFakeNotion, notionApiUrl } from "#tests/msw/notion.ts";
import { mswServer } from "#tests/msw/server.ts";
import { notionToken } from "#tests/notion.ts";
import { deliverDue, deliverRetries } from "./outbox.ts";
import { seed, seededRandom, type Random } from "./random.ts";
import { testEpoch } from "#tests/clock.ts";

const outageMs = 10 * 60_000;
const changes = 200;
const requestTimeoutMs = 200;

let database: Database;
withTestDatabase((opened) => (database = opened));

const failureKinds = ["500", "502", "503", "504", "429", "connection reset", "timeout"] as const;
type FailureKind = (typeof failureKinds)[number];

/** Notion's answers while it is down, shaped as its API reference shows errors. */
async function failure(kind: FailureKind, random: Random, lateAnswer: () => Promise<Response | undefined>) {
  const notionError = (status: number, code: string, message: string, headers?: Record<string, string>) =>
    HttpResponse.json({ object: "error", status, code, message, request_id: crypto.randomUUID() }, { status, headers });
  switch (kind) {
    case "500":
      return notionError(500, "internal_server_error", "Unexpected error occurred.");
    case "502":
      return notionError(502, "bad_gateway", "Notion encountered an issue while attempting to complete this request.");
    case "503":
      return notionError(503, "service_unavailable", "Notion is unavailable. Please try again later.");
    case "504":
      return notionError(504, "gateway_timeout", "Notion timed out while attempting to complete this request.");
    case "429":
      return notionError(429, "rate_limited", "You have been rate limited. Please try again in a few minutes.", { "Retry-After": String(1 + random.int(60)) });
    case "connection reset":
      return HttpResponse.error();
    case "timeout": {
      // Notion did the work, but its answer comes after Remit stopped waiting.
      const answer = await lateAnswer();
      await delay(requestTimeoutMs * 3);
      return answer;
    }
  }
}

it(`keeps every Notion page current through a 10-minute outage during ${changes} invoice changes (seed ${seed})`, async () => {
  const db = database.prisma;
  const changesRandom = seededRandom(seed);
  const failuresRandom = seededRandom(seed + 1);
  let skippedMs = 0;
  const clock = { now: () => testEpoch + skippedMs, sleep: async (ms: number) => void (skippedMs += Math.max(0, ms)) };
  const now = () => new Date(clock.now());
  const fake = createFakeNotion({ now: clock.now });
  fake.addToken(notionToken);
  const env = parseEnv({ LOG_LEVEL: "silent", PUBLIC_URL: "http://remit.test", NOTION_API_URL: notionApiUrl, ...testSecrets });
  const notion = createNotionService({ database, env, secrets: resolveSecrets(env), clock, now, requestTimeoutMs });
  const dispatcher = createDispatcher(db, { subscribers: [notion.subscriber], now, maxAttempts: env.OUTBOX_MAX_ATTEMPTS, random: () => 0.5 });

  let outageEndsAt = 0;
  const injected = new Map<FailureKind, number>();
  mswServer.use(
    http.all(`${notionApiUrl}/*`, async ({ request }) => {
      if (now().getTime() >= outageEndsAt) return undefined; // Notion is back: the fake answers
      const kind = failuresRandom.pick(failureKinds);
      injected.set(kind, (injected.get(kind) ?? 0) + 1);
      return failure(kind, failuresRandom, () => getResponse(fake.handlers, request));
    }),
    ...fake.handlers,
  );

  const workspace = await aWorkspace(db, { defaultCurrency: "USD", timezone: "UTC" });
  const customers = await Promise.all(Array.from({ length: 4 }, () => aCustomer(db, workspace.id)));
  const { dataSourceId } = await notion.connect(workspace.id, { token: notionToken, target: { parentPage: fake.addParentPage([notionToken]) } });

  /** One change of the kind a vendor or client makes, chosen by the seed among those possible now. */
  async function change(random: Random) {
    const invoices = await db.invoice.findMany({ where: { workspaceId: workspace.id }, orderBy: { createdAt: "asc" } });
    const open = invoices.filter((invoice) => invoice.status === "open");
    const drafts = invoices.filter((invoice) => invoice.status === "draft");
    const options: (() => Promise<unknown>)[] = [
      () =>
        createInvoice(
          db,
          workspace.id,
          {
            customerId: random.pick(customers).id,
            dueDate: "2027-06-30",
            issue: random.chance(0.8),
            lines: [{ productName: "Sprint", quantity: 1 + random.int(5), unitAmount: 10_000 + random.int(90_000) }],
          },
          now(),
        ),
    ];
    if (drafts.length) options.push(() => issueInvoice(db, workspace.id, random.pick(drafts).id, now()));
    if (open.length) {
      const invoice = random.pick(open);
      const due = balanceDue(invoice);
      const access = aClientLink(invoice, now());
      options.push(
        () => recordView(db, access, invoice.id, now()),
        () => recordView(db, access, invoice.id, now()),
        () =>
          recordManualPayment(
            db,
            { workspaceId: workspace.id, invoiceId: invoice.id, amount: Math.max(1, Math.floor(due / 3)), method: "Bank transfer" },
            now(),
          ),
        () => recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: due, method: "Bank transfer" }, now()),
      );
      if (invoice.amountPaid === 0) options.push(() => voidInvoice(db, workspace.id, invoice.id, now()));
      options.push(() => markUncollectible(db, workspace.id, invoice.id, now()));
    }
    await random.pick(options)();
  }

  outageEndsAt = now().getTime() + outageMs;
  for (let made = 0; made < changes; made++) {
    await change(changesRandom);
    await deliverDue(dispatcher);
    skippedMs += outageMs / changes;
  }
  expect(now().getTime()).toBeGreaterThanOrEqual(outageEndsAt);

  // Notion is back: jump from one due retry to the next until nothing is pending.
  await deliverRetries(db, dispatcher, "notion", now, (ms) => (skippedMs += ms));

  // The outage really happened, in every form.
  expect(failureKinds.filter((kind) => !injected.get(kind))).toEqual([]);
  expect(await db.deliveryAttempt.count({ where: { ok: false } })).toBeGreaterThan(changes);

  // The mirror's deliveries (the clients' emails wait for an email sender this test does not run).
  const deliveries = await db.delivery.groupBy({ by: ["status"], where: { subscriber: "notion" }, _count: { _all: true } });
  expect(deliveries.map((group) => group.status)).toEqual(["delivered"]);
  expect(await db.outboxEvent.count({ where: { type: "integration.failed" } })).toBe(0);
  expect(await notion.status(workspace.id)).toMatchObject({ failure: null, pendingUpdates: 0, failedUpdates: 0 });

  const invoices = await db.invoice.findMany({ where: { workspaceId: workspace.id }, select: { id: true } });
  expect(invoices.length).toBeGreaterThan(20);
  const pages: Record<string, unknown>[] = fake.pages(dataSourceId);
  const stale: string[] = [];
  for (const { id } of invoices) {
    const values = rowValues(await summarizeInvoice(db, id, now()));
    const current = {
      Number: values.number,
      Status: values.status,
      Issued: values.issued,
      "Amount paid": values.amountPaid,
      "Balance due": values.balanceDue,
      Views: values.views,
      "Last viewed": values.lastViewed,
    };
    const found = pages.filter((page) => page["Remit ID"] === id);
    if (found.length !== 1) stale.push(`${values.number}: ${found.length} pages`);
    else if (Object.entries(current).some(([name, value]) => found[0]![name] !== value)) {
      stale.push(`${values.number}: ${JSON.stringify(current)} ≠ ${JSON.stringify(found[0])}`);
    }
  }
  expect(stale).toEqual([]);
  expect(pages).toHaveLength(invoices.length);
});
