// A database cut while a Slack alert is being posted: the post is slow (longer than the outbox
// lease, which the sending instance renews meanwhile), the database goes away just before Slack
// answers and comes back 4.5 s later. A second instance, on a connection the cut does not touch,
// is ready to take over any lease that runs out. Slack takes no idempotency key, so only the
// lease and the recorded post stand between the cut and a second message: every alert must be
// posted exactly once.
import { setTimeout as sleep } from "node:timers/promises";
import { http } from "msw";
import { describe, expect, it, onTestFinished } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { openDatabase } from "#app/platform/db/database.server.ts";
import { createDatabaseClock } from "#app/platform/db/database-clock.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";
import { createDispatcher, type Dispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { createTestApp } from "#tests/app.ts";
import { createServerDatabase } from "#tests/database.ts";
import { mockSlack, slackApiUrl } from "#tests/msw/slack.ts";
import { mswServer } from "#tests/msw/server.ts";
import { paidInvoicesToAlert, slackEnv } from "#tests/slack.ts";
import { startTcpProxy } from "./tcp-proxy.ts";

const serverUrl = process.env.TEST_DATABASE_URL;

// Renewed every 2.5 s; the post answers within the Slack client's 10-s timeout.
const leaseMs = 7_500;
const slowPostMs = 9_000;
const cutBeforeAnswerMs = 3_500;
const cutMs = 4_500;

describe.runIf(serverUrl)("a database cut mid-post", () => {
  it("posts every Slack alert once: the slow post keeps its lease, and its record waits out the cut", async () => {
    const { url, drop } = await createServerDatabase(serverUrl!);
    onTestFinished(drop);
    const target = new URL(url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    onTestFinished(() => proxy.close());
    const timeouts = { connectMs: 2_000, queryMs: 2_000, idleMs: 30_000 };
    const direct = await openDatabase({ databaseUrl: url, dataDir: "", timeouts });
    await migrate(direct);
    const proxied = await openDatabase({ databaseUrl: proxy.url(url), dataDir: "", timeouts });
    onTestFinished(() => direct.close());
    onTestFinished(() => proxied.close());
    const clock = createDatabaseClock(direct.prisma);
    await clock.sync();
    // Instance A reaches the database through the proxy; instance B directly.
    const a = await createTestApp(proxied, slackEnv, clock.now);
    const b = await createTestApp(direct, slackEnv, clock.now);

    const slack = mockSlack();
    let first = true;
    mswServer.use(
      http.post(`${slackApiUrl}chat.postMessage`, async () => {
        if (!first) return undefined; // the mock answers at once
        first = false;
        await sleep(slowPostMs - cutBeforeAnswerMs);
        proxy.cut();
        setTimeout(() => proxy.restore(), cutMs);
        await sleep(cutBeforeAnswerMs);
        return undefined; // Slack posts the message and answers, while A's database is away
      }),
    );

    const db = direct.prisma;
    const { workspace, invoices } = await paidInvoicesToAlert(db, 4, clock.now());

    const instance = (app: AppContext, owner: string): Dispatcher => {
      const dispatcher = createDispatcher(app.db, { subscribers: [app.slack!.alerts], now: clock.now, leaseMs, owner, batchSize: 1 });
      onTestFinished(() => dispatcher.stop());
      return dispatcher;
    };
    instance(a, "A").start(200);
    await expect.poll(() => first, { timeout: 10_000 }).toBe(false); // A's slow post is on its way
    instance(b, "B").start(200);

    const pending = () => db.delivery.count({ where: { subscriber: "slack", status: { not: "delivered" }, event: { workspaceId: workspace.id } } });
    await expect.poll(pending, { timeout: 60_000, interval: 500 }).toBe(0);
    await sleep(leaseMs); // any lease taken over late would post again by now

    const posted = slack.to("chat.postMessage").map((call) => String(call.args.text));
    expect(posted).toHaveLength(invoices.length);
    for (const invoice of invoices)
      expect(
        posted.filter((text) => text.includes(invoice.number)),
        invoice.number,
      ).toHaveLength(1);
    expect(await db.slackPost.count({ where: { workspaceId: workspace.id } })).toBe(invoices.length);
  }, 120_000);
});
