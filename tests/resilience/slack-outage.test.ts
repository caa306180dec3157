// Slack unavailable for a simulated 10 minutes (5xx, 429 with Retry-After, dropped connections)
// while invoices are viewed, paid and voided: afterwards every alert was posted exactly once,
// nothing was dead-lettered. Time is simulated through the dispatcher's clock.
import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { recordView } from "#app/portal/activity.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { createInvoice, recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aClientLink, aCustomer, aWorkspace } from "#tests/fixtures.ts";
import { mockSlack, slackApiUrl, teamId } from "#tests/msw/slack.ts";
import { mswServer } from "#tests/msw/server.ts";
import { slackEnv } from "#tests/slack.ts";
import { deliverDue, deliverRetries } from "./outbox.ts";
import { seed, seededRandom } from "./random.ts";
import { testClock, testNow } from "#tests/clock.ts";

const outageMs = 10 * 60_000;
const changes = 120;

let app: AppContext;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase(), slackEnv);
});
afterAll(async () => {
  await app.database.close();
});

it(`posts every Slack alert exactly once after a 10-minute Slack outage (seed ${seed})`, async () => {
  const { db } = app;
  const random = seededRandom(seed + 7);
  // The test's own time, moved on by hand through the outage and from one due retry to the next.
  const clock = testClock();
  const now = clock.now;
  app.now = now;
  const slack = mockSlack();
  const alerts = app.slack!.alerts;
  const dispatcher = createDispatcher(db, { subscribers: [alerts], now, maxAttempts: app.env.OUTBOX_MAX_ATTEMPTS, random: () => 0.5 });

  let outageEndsAt = 0;
  const refused = new Map<string, number>();
  mswServer.use(
    http.post(`${slackApiUrl}*`, () => {
      if (now().getTime() >= outageEndsAt) return undefined; // Slack is back: the mock answers
      const kind = random.pick(["500", "503", "429", "reset"] as const);
      refused.set(kind, (refused.get(kind) ?? 0) + 1);
      if (kind === "reset") return HttpResponse.error();
      if (kind === "429")
        return HttpResponse.json({ ok: false, error: "ratelimited" }, { status: 429, headers: { "Retry-After": String(1 + random.int(30)) } });
      return new HttpResponse("upstream connect error", { status: Number(kind) });
    }),
  );

  const workspace = await aWorkspace(db, { defaultCurrency: "USD", timezone: "UTC" });
  await db.workspace.update({ where: { id: workspace.id }, data: { slackTeamId: teamId, alertChannelId: "C0ALERTS" } });
  const customers = await Promise.all(Array.from({ length: 3 }, () => aCustomer(db, workspace.id)));

  async function change() {
    const open = await db.invoice.findMany({ where: { workspaceId: workspace.id, status: "open" }, orderBy: { number: "asc" } });
    const options: (() => Promise<unknown>)[] = [
      () =>
        createInvoice(
          db,
          workspace.id,
          { customerId: random.pick(customers).id, lines: [{ productName: "Sprint", quantity: 1, unitAmount: 50_000 + random.int(50_000) }] },
          testNow,
        ),
    ];
    if (open.length) {
      const invoice = random.pick(open);
      const access = aClientLink(invoice, now());
      options.push(
        () => recordView(db, access, invoice.id, now()),
        () => recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: balanceDue(invoice), method: "Bank transfer" }, testNow),
      );
      if (invoice.amountPaid === 0) options.push(() => voidInvoice(db, workspace.id, invoice.id, now()));
    }
    await random.pick(options)();
  }

  outageEndsAt = now().getTime() + outageMs;
  for (let made = 0; made < changes; made++) {
    await change();
    await deliverDue(dispatcher);
    clock.advance(outageMs / changes);
  }
  // Slack is back: jump from one due retry to the next until nothing is pending.
  await deliverRetries(db, dispatcher, "slack", now, clock.advance);

  expect([...refused.keys()].sort()).toEqual(["429", "500", "503", "reset"]);
  const deliveries = await db.delivery.groupBy({ by: ["status"], where: { subscriber: "slack" }, _count: { _all: true } });
  expect(deliveries.map((group) => group.status)).toEqual(["delivered"]);

  // One accepted message per alert-worthy event, none twice.
  const events = await db.outboxEvent.findMany({ where: { workspaceId: workspace.id, type: { in: ["invoice.viewed", "invoice.paid", "invoice.voided"] } } });
  const firstAlerts = events.filter((event) => event.type !== "invoice.viewed" || (event.payload as { firstView: boolean }).firstView);
  expect(firstAlerts.length).toBeGreaterThan(10);
  const posted = slack
    .to("chat.postMessage")
    .filter((call) => call.args.channel === "C0ALERTS")
    .map((call) => String(call.args.text));
  const once = posted.filter((text) => !text.includes(" has viewed invoice "));
  expect(new Set(once).size).toBe(once.length);
  expect(once).toHaveLength(firstAlerts.length);
  const recorded = await db.slackPost.findMany({ where: { eventId: { in: firstAlerts.map((event) => event.id) } } });
  expect(recorded).toHaveLength(firstAlerts.length);
});
