import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { createTestApp } from "#tests/app.ts";
import { testClock } from "#tests/clock.ts";
import { createTestDatabase } from "#tests/database.ts";
import { mockSlack } from "#tests/msw/slack.ts";
import { paidInvoicesToAlert, slackEnv } from "#tests/slack.ts";

// Two instances of Remit on one database, as behind a load balancer; only one has Slack settings.
let withSlack: AppContext;
let withoutSlack: AppContext;
beforeAll(async () => {
  const database = await createTestDatabase();
  const now = testClock().now;
  withSlack = await createTestApp(database, slackEnv, now);
  withoutSlack = await createTestApp(database, {}, now);
});
afterAll(async () => {
  await withSlack.database.close();
});

const drain = async (app: AppContext) => {
  const dispatcher = createDispatcher(app.db, { subscribers: app.subscribers, now: app.now });
  let claimed = 0;
  for (let round = 0; round < 50; round++) {
    const result = await dispatcher.runOnce();
    if (result.claimed === 0) break;
    claimed += result.claimed;
  }
  return claimed;
};

it("loses no Slack alert when the instance recording the payments has no Slack settings", async () => {
  expect(withSlack.subscribers.map((s) => s.name)).toContain("slack");
  expect(withoutSlack.subscribers.map((s) => s.name)).not.toContain("slack");
  const slack = mockSlack();
  const { workspace, invoices } = await paidInvoicesToAlert(withoutSlack.db, 10, withoutSlack.now());

  await drain(withoutSlack);
  const slackDeliveries = () =>
    withSlack.db.delivery.groupBy({ by: ["status"], where: { subscriber: "slack", event: { workspaceId: workspace.id } }, _count: { _all: true } });
  // Each payment is alerted (payment.succeeded, invoice.paid) and its receipt to the client redraws the message (email.sent).
  expect(await slackDeliveries(), "left pending for an instance that can post").toEqual([{ status: "pending", _count: { _all: 30 } }]);
  expect(slack.to("chat.postMessage")).toHaveLength(0);

  await drain(withSlack);
  expect(await slackDeliveries()).toEqual([{ status: "delivered", _count: { _all: 30 } }]);
  const posted = slack.to("chat.postMessage").map((call) => String(call.args.text));
  expect(posted).toHaveLength(10);
  for (const invoice of invoices) expect(posted.filter((text) => text.includes(invoice.number))).toHaveLength(1);
});
