import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readPdf } from "#app/documents/pdf-text.test-helper.ts";
import { aCustomer, anInvoice } from "#tests/fixtures.ts";
import { FakeStripe, stripeEnv } from "#tests/msw/stripe.ts";
import { startTestSmtp, type TestSmtp } from "#tests/smtp.ts";
import { buttonHref, checkoutContext, confirmByWebhook, deliverOutbox, inChromium, to, type Portal } from "./harness.ts";

// The client's side of issue 12, end to end: the invoice arrives by email at a real SMTP server,
// its button opens the portal in Chromium, the client pays through the fake Stripe Checkout,
// and the receipt arrives by email with its PDF.
let portal: Portal;
let browser: Browser;
let smtp: TestSmtp;
const stripe = new FakeStripe();
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp?.stop();
});
inChromium((world) => ({ portal, browser } = world), { env: () => ({ ...stripeEnv, ...smtp.env }), stripe });

/** What the server's outbox does on its own: every email that is due goes out. */
const deliverEmails = () => deliverOutbox(portal, [portal.app.email.subscriber]);

it("emails the invoice, whose button opens it in the browser; the client pays through Stripe Checkout and receives the receipt by email", async () => {
  const { workspaceId } = portal.demo;
  const customer = await aCustomer(portal.app.db, workspaceId, { name: "Ada Lovelace Ltd", email: "ada@lovelace.example", locale: "en-GB" });
  const invoice = await anInvoice(portal.app.db, workspaceId, customer.id, {
    currency: "USD",
    issueDate: "2026-11-20",
    dueDate: "2026-12-20",
    lines: [{ productName: "Analytical engine review", quantity: 1, unitAmount: 42_000 }],
  });
  await deliverEmails();

  const [issued, ...more] = smtp.received.filter(to("ada@lovelace.example"));
  expect(more).toEqual([]);
  expect(issued!.mail.subject).toBe(`Invoice ${invoice.number} from Northwind Studio (demo data) — US$420.00 due 20 Dec`);
  expect(issued!.mail.text).toContain("View and pay");
  const link = buttonHref(issued!);
  expect(link.startsWith(`${portal.baseUrl}/p/`)).toBe(true);

  const context = await checkoutContext(browser);
  const page = await context.newPage();
  expect((await page.goto(link))?.status()).toBe(200);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(invoice.number);

  const pay = page.getByRole("button", { name: /^Pay US\$420\.00/ });
  await expect.poll(() => pay.isVisible()).toBe(true);
  await Promise.all([page.waitForURL(/checkout\.stripe\.com/), pay.click()]);
  const sessionId = page.url().split("/").at(-1)!;
  expect(stripe.createRequests.at(-1)?.params).toMatchObject({ "metadata[remit_invoice_id]": invoice.id, customer_email: "ada@lovelace.example" });

  const { completed } = stripe.pay(sessionId);
  await page.goto(String(completed.success_url).replace("{CHECKOUT_SESSION_ID}", sessionId));
  expect(await confirmByWebhook(portal, completed)).toBe(200);
  await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toContain("Payment received — thank you!");
  await context.close();

  await deliverEmails();
  const [, receipt, ...after] = smtp.received.filter(to("ada@lovelace.example"));
  expect(after).toEqual([]);
  expect(receipt!.mail.subject).toBe(`Receipt ${invoice.number}-1 from Northwind Studio (demo data) — US$420.00 received`);
  expect(receipt!.mail.text).toContain("The invoice is now paid in full.");
  const [pdf] = receipt!.mail.attachments;
  expect(pdf).toMatchObject({ contentType: "application/pdf", filename: `Receipt-${invoice.number}-1.pdf` });
  const text = (await readPdf(new Uint8Array(pdf!.content))).map((printed) => printed.text).join("\n");
  expect(text).toContain(`${invoice.number}-1`);
  // Each email went once, with its own Message-ID.
  expect(new Set([issued!.mail.messageId, receipt!.mail.messageId]).size).toBe(2);
});
