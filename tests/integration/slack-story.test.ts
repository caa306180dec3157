import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { addDays, calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { verifyPortalToken } from "#app/portal/access.server.ts";
import * as beacon from "#app/routes/p.$token.beacon.ts";
import { day } from "#integrations/slack/format.ts";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aNotionConnection, aCustomer, aWorkspace } from "#tests/fixtures.ts";
import { mockSlack } from "#tests/msw/slack.ts";
import { buttonClick, channelId, sendToSlack, slackEnv, slashCommand, untouchedState, viewSubmission } from "#tests/slack.ts";
import { testNow } from "#tests/clock.ts";

let app: AppContext;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase(), slackEnv);
});
afterAll(async () => {
  await app.database.close();
});

/** The client's browser shows the invoice and its beacon reports the view (the portal route itself). */
async function clientViews(token: string, invoiceId: string) {
  const response = await beacon.action({
    request: new Request(`http://remit.test/p/${token}/beacon`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15" },
      body: JSON.stringify({ invoiceId }),
    }),
    context: { app },
    params: { token },
  });
  expect(response.status).toBe(204);
}

it("goes from /invoice to a paid invoice: modal, message with link, view alert, payment alert, message updated, Notion event queued", async () => {
  const slack = mockSlack();
  const workspace = await aWorkspace(app.db, { name: "Northwind Studio" });
  // Alerts go to #alerts, and the workspace mirrors into Notion (so its events are queued for the mirror).
  await app.db.workspace.update({ where: { id: workspace.id }, data: { alertChannelId: "C0ALERTS" } });
  await aNotionConnection(app.db, workspace.id, app.now());
  const acme = await aCustomer(app.db, workspace.id, { name: "Acme Corp" });
  const due = formatCalendarDate(addDays(calendarDateIn(app.now(), "UTC"), 30));
  // Events about one invoice are delivered in order, one per round: run rounds until none is left.
  const deliver = async () => {
    while ((await createDispatcher(app.db, { subscribers: app.subscribers, now: app.now }).runOnce()).claimed > 0);
  };

  // 1. /invoice with quick text opens the form, filled in.
  const ack = await sendToSlack(app, slashCommand(`Acme Corp 1200 Website redesign due ${due}`));
  expect(ack.status).toBe(200);
  const view = slack.to("views.open")[0]!.args.view as Record<string, unknown>;

  // 2. The vendor submits it as it is: the invoice is created and its message posted with the link.
  const submitted = await sendToSlack(app, viewSubmission(view, untouchedState(view)));
  expect(submitted.status).toBe(200);
  const invoice = await app.db.invoice.findFirstOrThrow({ where: { workspaceId: workspace.id }, include: { slackMessage: true } });
  expect(invoice).toMatchObject({
    customerId: acme.id,
    status: "open",
    total: 120_000,
    dueDate: new Date(`${due}T00:00:00Z`),
    slackMessage: { channel: channelId },
  });
  const [message] = slack.to("chat.postMessage");
  expect(message!.args).toMatchObject({ channel: channelId, unfurl_links: "false", unfurl_media: "false" });
  const blocks = JSON.stringify(message!.args.blocks);
  const clientLink = /`(http:\/\/remit\.test\/p\/[^`]+)`/.exec(blocks)![1]!;
  const tokenOf = (url: string) => /\/p\/([^/]+)\//.exec(url)![1]!;
  expect(clientLink).toBe(`http://remit.test/p/${tokenOf(clientLink)}/invoices/${invoice.id}`);
  // The channel's message holds no preview link; Open PDF answers the presser alone with one (decision 154).
  expect(blocks).not.toMatch(/"url":"[^"]+\/pdf"/);
  await sendToSlack(app, buttonClick({ actionId: "invoice_open_pdf", value: invoice.id }));
  const pdf = /"url":"([^"]+\/pdf)"/.exec(JSON.stringify(slack.responses.at(-1)!.body))![1]!;
  expect(await verifyPortalToken(app.db, app.secrets.signingKeys, tokenOf(pdf), testNow)).toMatchObject({ ok: true, access: { preview: true } });

  // 3. The client opens the link: the team is told, once.
  await clientViews(tokenOf(clientLink), invoice.id);
  await deliver();
  expect(slack.to("chat.postMessage")).toHaveLength(2);
  const viewedAlert = slack.to("chat.postMessage")[1]!;
  expect(viewedAlert.args).toMatchObject({
    channel: "C0ALERTS",
    text: `Acme Corp opened invoice ${invoice.number} for the first time ($1,200.00, due ${day(invoice.dueDate, "en-US")}).`,
  });

  // 4. The payment arrives (the Stripe webhook on its branch applies it the same way).
  await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "card" }, testNow);
  await deliver();
  // The message was also redrawn each time an email reached the client (the invoice, then the receipt).
  const update = slack.to("chat.update").at(-1);
  expect(update!.args).toMatchObject({ channel: channelId, ts: invoice.slackMessage!.ts });
  expect(JSON.stringify(update!.args.blocks)).toContain(":white_check_mark: Paid on");
  expect(JSON.stringify(update!.args.blocks)).not.toContain("invoice_mark_paid");
  expect(slack.to("chat.postMessage")[2]!.args.text).toBe(`Acme Corp paid invoice ${invoice.number}: $1,200.00 by card.`);

  // 5. Everything that happened went to the Notion mirror too.
  const events = await app.db.outboxEvent.findMany({ where: { aggregateId: invoice.id }, orderBy: { sequence: "asc" }, include: { deliveries: true } });
  expect(events.map((event) => event.type).filter((type) => type !== "email.sent")).toEqual([
    "invoice.created",
    "invoice.issued",
    "invoice.viewed",
    "payment.succeeded",
    "invoice.paid",
  ]);
  expect(events.filter((event) => event.type === "email.sent").map((event) => (event.payload as { kind: string }).kind)).toEqual(["invoice", "receipt"]);
  expect(events.every((event) => event.deliveries.some((d) => d.subscriber === "notion"))).toBe(true);
});
