import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { join } from "node:path";
import { createQuote } from "#app/billing/quotes.server.ts";
import { aCustomer } from "#tests/fixtures.ts";
import { mockSlack, teamId, type SlackMock } from "#tests/msw/slack.ts";
import { slackEnv } from "#tests/slack.ts";
import { startTestSmtp, type TestSmtp } from "#tests/smtp.ts";
import { testNow } from "#tests/clock.ts";
import { artifactsDir, buttonHref, deliverOutbox, inChromium, personsBrowser, to, type Portal } from "./harness.ts";

// The client's side of quotes (issue 14) in real Chromium: the quote arrives by email, the
// client accepts it and lands on its deposit invoice; another client declines with a reason,
// and the vendor's Slack channel shows it.
const alertChannel = "C0ALERTS";
let portal: Portal;
let browser: Browser;
let smtp: TestSmtp;
let slack: SlackMock;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp?.stop();
});
inChromium((world) => ({ portal, browser } = world), { env: () => ({ ...slackEnv, ...smtp.env }) });
beforeAll(async () => {
  await portal.app.db.workspace.update({ where: { id: portal.demo.workspaceId }, data: { alertChannelId: alertChannel, slackTeamId: teamId } });
});
beforeEach(() => {
  slack = mockSlack();
});

/** What the server's outbox does on its own: emails and Slack alerts that are due go out. */
const deliver = () => deliverOutbox(portal, portal.app.subscribers);

const setTerms = (quoteTerms: string | null) => portal.app.db.workspace.update({ where: { id: portal.demo.workspaceId }, data: { quoteTerms } });

async function emailedQuote(name: string, email: string, depositBps: number) {
  const { workspaceId } = portal.demo;
  const customer = await aCustomer(portal.app.db, workspaceId, { name, email, locale: "en-GB" });
  const quote = await createQuote(
    portal.app.db,
    workspaceId,
    {
      customerId: customer.id,
      currency: "USD",
      issueDate: "2026-11-21",
      validUntil: "2026-12-05",
      depositBps,
      taxRateBps: 2000,
      lines: [{ productName: "Brand identity", quantity: 1, unitAmount: 500_000 }],
    },
    testNow,
  );
  await deliver();
  const [sent, ...more] = smtp.received.filter(to(email));
  expect(more).toEqual([]);
  return { customer, quote, link: buttonHref(sent!), sent: sent! };
}

it("a client opens the emailed quote, accepts it with their name and the vendor's terms, and lands on the deposit invoice", async () => {
  await setTerms("Work starts once the deposit is paid.");
  const { quote, link, sent } = await emailedQuote("Grace Hopper Ltd", "grace@hopper.example", 3000);
  expect(sent.mail.subject).toBe(`Quote ${quote.number} from Northwind Studio (demo data) — US$6,000.00, valid until 5 Dec`);

  const context = await browser.newContext({ userAgent: personsBrowser });
  const page = await context.newPage();
  expect((await page.goto(link))?.status()).toBe(200);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(`Quote ${quote.number}`);
  await expect.poll(() => page.getByText("a deposit of 30% (US$1,800.00) first").isVisible()).toBe(true);
  const pdf = await page.request.get(`${page.url()}/pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  // Without ticking the terms the browser asks for them; the name is typed and the box ticked.
  await page.getByLabel("Your full name").fill("Grace Hopper");
  await page.getByLabel("I have read and accept these terms").check();
  await page.screenshot({ path: join(artifactsDir, "quote-accept.png"), fullPage: true });
  await page.getByRole("button", { name: "Accept quote" }).click();

  await page.waitForURL(/\/invoices\//);
  const invoice = await portal.app.db.invoice.findFirstOrThrow({ where: { quoteId: quote.id } });
  expect(invoice).toMatchObject({ quotePart: "deposit", status: "open", total: 180_000 });
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(invoice.number);
  // The deposit is what the client owes now (this server has no online payment: the page says how to pay).
  await expect.poll(() => page.locator(".pay-box").textContent()).toContain("US$1,800.00");

  const accepted = await portal.app.db.quote.findUniqueOrThrow({ where: { id: quote.id } });
  expect(accepted).toMatchObject({
    status: "accepted",
    acceptedName: "Grace Hopper",
    acceptedIp: "127.0.0.1",
    acceptedTerms: "Work starts once the deposit is paid.",
  });

  // The same quote accepted again from a second tab opened before: refused in words, nothing more made.
  const second = await context.newPage();
  await second.goto(link);
  await expect.poll(() => second.getByText("Accepted by Grace Hopper").isVisible()).toBe(true);
  expect(await second.getByRole("button", { name: "Accept quote" }).count()).toBe(0);
  expect(await portal.app.db.invoice.count({ where: { quoteId: quote.id } })).toBe(1);
  await context.close();
});

it("a client declines with a reason, and the vendor's Slack shows it", async () => {
  await setTerms(null);
  const { quote, link } = await emailedQuote("Alan Turing Ltd", "alan@turing.example", 0);
  const context = await browser.newContext({ userAgent: personsBrowser });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByText("Not going ahead?").click();
  await page.getByLabel("Reason (optional)").fill("Our budget moved to next year.");
  await page.getByRole("button", { name: "Decline quote" }).click();
  await expect.poll(() => page.getByText(`You declined quote ${quote.number}`).isVisible()).toBe(true);
  await expect.poll(() => page.getByText("Your reason: Our budget moved to next year.").isVisible()).toBe(true);
  await context.close();

  await deliver();
  const alert = slack.to("chat.postMessage").find((call) => call.args.channel === alertChannel && String(call.args.text).includes("declined quote"));
  expect(alert!.args.text).toBe(`Alan Turing Ltd declined quote ${quote.number}: Our budget moved to next year.`);
  expect(JSON.stringify(alert!.args.blocks)).toContain("> Our budget moved to next year.");
});
