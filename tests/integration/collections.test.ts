import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { detectWeeklyDigests } from "#app/billing/digest.server.ts";
import { detectEngagementChanges } from "#app/billing/engagement.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import * as invoicePage from "#app/routes/p.$token.invoices.$invoiceId._index.tsx";
import * as ask from "#app/routes/p.$token.invoices.$invoiceId.ask.ts";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { testClock, testEpoch } from "#tests/clock.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { mockSlack, seedMessage, slackUser, teamId, type SlackMock } from "#tests/msw/slack.ts";
import { buttonClick, eventCallback, sendToSlack, slackEnv, slashCommand } from "#tests/slack.ts";
import { startTestSmtp, type TestSmtp } from "#tests/smtp.ts";

const hour = 3_600_000;
const day = 24 * hour;
const alertChannel = "C0ALERTS";
const salesChannel = "C0SALES01";

// Two instances on one database, as behind a load balancer: one with Slack and SMTP, one without either.
let app: AppContext;
let other: AppContext;
let smtp: TestSmtp;
let slack: SlackMock;
let time = testClock();
const clock = () => time.now();

beforeAll(async () => {
  smtp = await startTestSmtp();
  const database = await createTestDatabase();
  app = await createTestApp(database, { ...slackEnv, ...smtp.env }, clock);
  other = await createTestApp(database, {}, clock);
});
afterAll(async () => {
  await smtp.stop();
  await app.database.close();
});
beforeEach(() => {
  slack = mockSlack();
  time = testClock();
  smtp.received.length = 0;
});

const deliverAll = async () => {
  const dispatcher = createDispatcher(app.db, { subscribers: app.subscribers, now: clock, random: () => 1, baseDelayMs: 1000 });
  for (let round = 0; round < 20; round++) if ((await dispatcher.runOnce()).claimed === 0) return;
};

/** The workspace of the Slack team the tests' fake Slack is, with an alert channel. */
async function slackVendor(timezone = "UTC") {
  const workspace = await aWorkspace(app.db, { name: "Northwind", timezone });
  await app.db.workspace.updateMany({ where: { slackTeamId: teamId }, data: { slackTeamId: null } });
  await app.db.workspace.update({ where: { id: workspace.id }, data: { slackTeamId: teamId, alertChannelId: alertChannel } });
  const customer = await aCustomer(app.db, workspace.id, { name: "Acme Corp", email: "ap@acme.example" });
  return { workspace, customer };
}

async function tokenFor(workspaceId: string, customerId: string) {
  const { url } = await issueCustomerLink(app, { workspaceId, customerId, ttlDays: 30 });
  return url.split("/p/")[1]!;
}

function form(fields: Record<string, string>): RequestInit {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return { method: "POST", body };
}

async function askAbout(token: string, invoiceId: string, fields: Record<string, string>) {
  const response = await ask.action(routeArgs(app, `/p/${token}/invoices/${invoiceId}/ask`, form(fields), { token, invoiceId }));
  return response.headers.get("Location");
}

async function portalQuestions(token: string, invoiceId: string) {
  const data = await invoicePage.loader(routeArgs(app, `/p/${token}/invoices/${invoiceId}`, undefined, { token, invoiceId }));
  return data.questions.messages.map((message) => ({ author: message.author, authorName: message.authorName, body: message.body }));
}

const teamMember = (id: string, displayName: string, team = teamId) => ({
  ok: true,
  user: slackUser({
    id,
    team_id: team,
    name: displayName.toLowerCase(),
    real_name: `${displayName} Real`,
    profile: { display_name: displayName, real_name: `${displayName} Real` },
  }),
});

describe("client questions", () => {
  it("goes from the invoice page to the invoice's Slack thread, and a teammate's reply back to the page and the client's inbox", async () => {
    const { workspace, customer } = await slackVendor();
    const invoice = await anInvoice(app.db, workspace.id, customer.id, {
      lines: [
        { productName: "Design work", quantity: 10, unitAmount: 12_000 },
        { productName: "Hosting", quantity: 1, unitAmount: 5_000 },
      ],
    });
    const invoiceTs = "1798000000.000777";
    seedMessage(salesChannel, invoiceTs);
    await app.db.slackInvoiceMessage.create({ data: { invoiceId: invoice.id, channel: salesChannel, ts: invoiceTs } });
    await deliverAll();
    slack.clear();
    smtp.received.length = 0;
    const token = await tokenFor(workspace.id, customer.id);
    const hosting = (await app.db.lineItem.findFirstOrThrow({ where: { invoiceId: invoice.id, productName: "Hosting" } })).id;

    // The client tries markup, a mention, a link and a bidirectional override: all of it stays text.
    const question = "Hi <!channel>, why is *Hosting* here? See <https://evil.example|your bank> & https://evil.example\u202e";
    expect(await askAbout(token, invoice.id, { body: question, lineId: hosting })).toBe(`/p/${token}/invoices/${invoice.id}?question=sent#questions`);
    expect(await askAbout(token, invoice.id, { body: "   " })).toBe(`/p/${token}/invoices/${invoice.id}?question=empty#questions`);
    expect(await askAbout(token, invoice.id, { body: "x".repeat(2001) })).toBe(`/p/${token}/invoices/${invoice.id}?question=too-long#questions`);
    await deliverAll();

    const [posted, ...more] = slack.to("chat.postMessage");
    expect(more).toEqual([]);
    expect(posted!.args).toMatchObject({
      channel: salesChannel,
      thread_ts: invoiceTs,
      reply_broadcast: "true",
      unfurl_links: "false",
      text: `Question from Acme Corp about invoice ${invoice.number}`,
    });
    const blocks = posted!.args.blocks as { type: string; text?: { type: string; text: string; verbatim?: boolean } }[];
    expect(blocks[0]!.text!.text).toBe(`:speech_balloon: *Acme Corp* disputes a line of invoice *${invoice.number}* (the line “Hosting”):`);
    expect(blocks[1]!.text).toEqual({
      type: "mrkdwn",
      verbatim: true,
      text: "Hi &lt;!channel&gt;, why is *Hosting* here? See &lt;https://evil.example|your bank&gt; &amp; https://evil.example",
    });

    // An hour later the thread hears several messages; only the vendor's own teammate's reply in it reaches the client.
    time.advance(hour);
    slack.reply("users.info", ({ args }) => (args.user === "U0GUEST" ? teamMember("U0GUEST", "Guest", "T0OTHER") : teamMember(String(args.user), "Dana")));
    const message = (fields: Record<string, unknown>) =>
      sendToSlack(
        app,
        eventCallback({
          type: "message",
          channel: salesChannel,
          channel_type: "channel",
          user: "U0DANA",
          team: teamId,
          text: "Thanks! The <https://northwind.example/hosting|hosting> line &amp; its <@U0BOSS|boss> are explained here.",
          ts: "1798000100.000001",
          thread_ts: invoiceTs,
          event_ts: "1798000100.000001",
          ...fields,
        }),
      );
    await message({ user: "U0GUEST", team: "T0OTHER", ts: "1798000100.000002", text: "I am from another company" });
    await message({ bot_id: "B0OTHER", ts: "1798000100.000003", text: "A bot" });
    await message({ thread_ts: undefined, ts: "1798000100.000004", text: "Not in the thread" });
    await message({ thread_ts: "1798000000.000999", ts: "1798000100.000005", text: "Another thread" });
    await message({ subtype: "message_changed", ts: "1798000100.000006" });
    await message({});
    await message({}); // Slack delivers an event again
    await deliverAll();

    expect(await portalQuestions(token, invoice.id)).toEqual([
      { author: "client", authorName: null, body: "Hi <!channel>, why is *Hosting* here? See <https://evil.example|your bank> & https://evil.example" },
      { author: "vendor", authorName: "Dana", body: "Thanks! The hosting (https://northwind.example/hosting) line & its @boss are explained here." },
    ]);
    expect(smtp.received.map((email) => [email.envelope.to, email.mail.subject])).toEqual([
      [["ap@acme.example"], `Dana answered your question about invoice ${invoice.number}`],
    ]);
    expect(smtp.received[0]!.mail.text).toContain("Thanks! The hosting (https://northwind.example/hosting) line & its @boss are explained here.");

    // Another client of the same vendor sees none of it.
    const stranger = await aCustomer(app.db, workspace.id, { name: "Globex" });
    const theirs = await anInvoice(app.db, workspace.id, stranger.id);
    expect(await portalQuestions(await tokenFor(workspace.id, stranger.id), theirs.id)).toEqual([]);
  });

  it("starts a thread in the alert channel when the invoice has no message, and limits questions per client", async () => {
    const { workspace, customer } = await slackVendor();
    const invoice = await anInvoice(app.db, workspace.id, customer.id);
    await deliverAll();
    slack.clear();
    const token = await tokenFor(workspace.id, customer.id);
    expect(await askAbout(token, invoice.id, { body: "When is this due?" })).toContain("question=sent");
    expect(await askAbout(token, invoice.id, { body: "And can I pay in two parts?" })).toContain("question=sent");
    await deliverAll();
    const [root, first, second] = slack.to("chat.postMessage");
    expect(root!.args).toMatchObject({ channel: alertChannel, text: `Questions from Acme Corp about invoice ${invoice.number}` });
    const rootTs = (await app.db.slackQuestionThread.findUniqueOrThrow({ where: { invoiceId: invoice.id } })).ts;
    expect([first!.args.thread_ts, second!.args.thread_ts, first!.args.channel]).toEqual([rootTs, rootTs, alertChannel]);
    expect(first!.args.reply_broadcast).toBeUndefined();

    for (let i = 0; i < 8; i++) await askAbout(token, invoice.id, { body: `Question ${i}` });
    expect(await askAbout(token, invoice.id, { body: "One too many" })).toContain("question=limited");
  });
});

describe("without Slack", () => {
  it("offers no questions where nobody would read them", async () => {
    const workspace = await aWorkspace(app.db);
    const customer = await aCustomer(app.db, workspace.id);
    const invoice = await anInvoice(app.db, workspace.id, customer.id);
    const token = await tokenFor(workspace.id, customer.id);
    const data = await invoicePage.loader(routeArgs(app, `/p/${token}/invoices/${invoice.id}`, undefined, { token, invoiceId: invoice.id }));
    expect(data.questions.open).toBe(false);
    expect(await askAbout(token, invoice.id, { body: "Anyone there?" })).toContain("question=empty");
    expect(await app.db.invoiceMessage.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });
});

describe("engagement in Slack", () => {
  it("alerts when an invoice turns at risk and redraws its message with the reason", async () => {
    const { workspace, customer } = await slackVendor();
    const invoice = await anInvoice(app.db, workspace.id, customer.id);
    const ts = "1798000000.000888";
    seedMessage(salesChannel, ts);
    await app.db.slackInvoiceMessage.create({ data: { invoiceId: invoice.id, channel: salesChannel, ts } });
    await detectEngagementChanges(app.db, clock());
    await deliverAll();
    slack.clear();

    time.advance(4 * day);
    await detectEngagementChanges(other.db, clock());
    await deliverAll();
    const alert = slack.to("chat.postMessage").find((call) => call.args.channel === alertChannel);
    expect(String((alert!.args.blocks as { text?: { text: string } }[])[0]!.text!.text)).toBe(
      `:warning: Invoice *${invoice.number}* for *Acme Corp* is at risk ($1,200.00 due Dec 21, 2026):\n• not opened 4 days after it was sent`,
    );
    const update = slack.to("chat.update").find((call) => call.args.ts === ts);
    expect(JSON.stringify(update!.args.blocks)).toContain(":warning: At risk: not opened 4 days after it was sent");

    // `/invoice status` tells the invoice's story and its state.
    await sendToSlack(app, slashCommand(`status ${invoice.number}`));
    const status = JSON.stringify(slack.responses.at(-1)!.body.blocks);
    expect(status).toContain("*Timeline*\\n• Nov 21, 2026, 9:00 AM · Issued");
    expect(status).toContain(":warning: At risk: not opened 4 days after it was sent");
  });
});

describe("App Home", () => {
  it("shows receivables by age, at most ten at-risk invoices with one-click actions, within Slack's 100 blocks", async () => {
    const { workspace, customer } = await slackVendor("America/New_York");
    const invoices = [];
    for (let i = 0; i < 14; i++) invoices.push(await anInvoice(app.db, workspace.id, customer.id, { issueDate: "2026-10-01", dueDate: "2026-10-31" }));
    await anInvoice(app.db, workspace.id, customer.id, { currency: "EUR" });
    time.advance(5 * day);
    // A fresh instance: the one above remembers which workspace the Slack team was for a while.
    const fresh = await createTestApp(app.database, { ...slackEnv, ...smtp.env }, clock);
    await sendToSlack(fresh, eventCallback({ type: "app_home_opened", user: "U0VENDOR01", channel: "D0HOME", tab: "home", event_ts: "1798000000.000100" }));
    const view = slack.to("views.publish")[0]!.args.view as {
      blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { action_id?: string; value?: string }[] }[];
    };
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("*Receivables by age*");
    const usd = view.blocks.find((block) => block.fields?.some((field) => field.text.startsWith("*Total USD*")))!;
    expect(usd.fields!.map((field) => field.text)).toEqual([
      "*Current*\n$0.00",
      "*1–30 days*\n$16,800.00",
      "*31–60 days*\n$0.00",
      "*61–90 days*\n$0.00",
      "*90+ days*\n$0.00",
      "*Total USD*\n$16,800.00",
    ]);
    // The euro invoice too: sent five days ago, never opened.
    expect(text).toContain("*At risk* (15)");
    expect(text).toContain("…and 5 more");
    const buttons = view.blocks.filter((block) => block.type === "actions" && block.elements?.[0]?.action_id === "invoice_remind_client");
    expect(buttons).toHaveLength(10);
    expect(buttons[0]!.elements!.map((element) => element.action_id)).toEqual(["invoice_remind_client", "invoice_new_link", "invoice_mark_paid"]);

    // The Home tab's "Send reminder" is the invoice message's own handler.
    const target = buttons[0]!.elements![0]!.value!;
    await sendToSlack(fresh, buttonClick({ actionId: "invoice_remind_client", value: target, home: true }));
    expect(await app.db.outboxEvent.count({ where: { type: "email.requested", aggregateId: target } })).toBe(1);
  });

  it("lists the fifteen slowest payers and counts the rest", async () => {
    const { workspace } = await slackVendor();
    // Client 01 took 22 days to pay, client 02 took 21, … client 17 took 6.
    for (let i = 1; i <= 17; i++) {
      const customer = await aCustomer(app.db, workspace.id, { name: `Client ${String(i).padStart(2, "0")}` });
      const issueDate = `2026-10-${String(i + 9).padStart(2, "0")}`;
      const invoice = await anInvoice(app.db, workspace.id, customer.id, { issueDate, dueDate: "2026-12-31" });
      await recordManualPayment(
        app.db,
        { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "bank transfer" },
        new Date("2026-11-01T12:00:00Z"),
      );
    }
    const fresh = await createTestApp(app.database, { ...slackEnv, ...smtp.env }, clock);
    await sendToSlack(fresh, eventCallback({ type: "app_home_opened", user: "U0VENDOR01", channel: "D0HOME", tab: "home", event_ts: "1798000000.000100" }));
    const text = JSON.stringify(slack.to("views.publish")[0]!.args.view);
    const listed = [...text.matchAll(/• (Client \d+): (\d+) days on average/g)].map((match) => `${match[1]} ${match[2]}`);
    expect(listed).toEqual(Array.from({ length: 15 }, (_, i) => `Client ${String(i + 1).padStart(2, "0")} ${22 - i}`));
    expect(text).toContain("…and 2 more customers: `remit report aging` lists them all.");
  });
});

describe("weekly digest", () => {
  it("posts once a week at the workspace's day and hour, however many instances check", async () => {
    const { workspace, customer } = await slackVendor("Asia/Tokyo");
    await anInvoice(app.db, workspace.id, customer.id, { issueDate: "2026-11-01", dueDate: "2026-11-25" });
    const digests = () => app.db.outboxEvent.findMany({ where: { type: "collections.digest", workspaceId: workspace.id }, orderBy: { sequence: "asc" } });
    // Monday 9:00 in Tokyo is Monday 00:00 UTC; the suite starts on Saturday 09:00 UTC.
    const monday = Date.parse("2026-11-23T00:00:00Z");
    time = testClock(monday - 60_000);
    await Promise.all([detectWeeklyDigests(app.db, clock()), detectWeeklyDigests(other.db, clock())]);
    expect(await digests()).toEqual([]);

    time = testClock(monday);
    await Promise.all([detectWeeklyDigests(app.db, clock()), detectWeeklyDigests(other.db, clock())]);
    time.advance(5 * hour);
    await Promise.all([detectWeeklyDigests(other.db, clock()), detectWeeklyDigests(app.db, clock())]);
    expect((await digests()).map((event) => event.payload)).toEqual([{ weekOf: "2026-11-23" }]);

    await deliverAll();
    const posted = slack.to("chat.postMessage").filter((call) => String(call.args.text).startsWith("Collections this week"));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.args.channel).toBe(alertChannel);
    expect(JSON.stringify(posted[0]!.args.blocks)).toContain("*Due this week*\\n$1,200.00\\n1 invoice");

    time = testClock(monday + 7 * day + hour);
    await Promise.all([detectWeeklyDigests(app.db, clock()), detectWeeklyDigests(other.db, clock())]);
    expect((await digests()).map((event) => event.payload)).toEqual([{ weekOf: "2026-11-23" }, { weekOf: "2026-11-30" }]);
    expect(testEpoch).toBeLessThan(monday);
  });
});
