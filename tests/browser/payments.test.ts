import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import { FakeStripe, stripeEnv } from "#tests/msw/stripe.ts";
import { artifactsDir, checkoutContext, confirmByWebhook, inChromium, type Portal } from "./harness.ts";

let portal: Portal;
let browser: Browser;
const stripe = new FakeStripe();
inChromium((world) => ({ portal, browser } = world), { env: () => stripeEnv, stripe });

it("pays an invoice: Pay → Stripe Checkout → back → webhook → paid, with a receipt", async () => {
  const context = await checkoutContext(browser, { acceptDownloads: true });
  const page = await context.newPage();
  const home = await page.goto(await portal.link("Acme Corp"));
  expect(home?.status()).toBe(200);
  const openInvoice = page.getByRole("row").filter({ hasText: "Open" }).getByRole("link");
  const number = (await openInvoice.textContent())!;
  await openInvoice.click();
  const pay = page.getByRole("button", { name: /^Pay \$/ });
  await expect.poll(() => pay.isVisible()).toBe(true);
  expect(await page.getByText("Online payment is not set up").count()).toBe(0);

  await Promise.all([page.waitForURL(/checkout\.stripe\.com/), pay.click()]);
  const sessionId = page.url().split("/").at(-1)!;
  expect(stripe.createRequests.at(-1)?.params).toMatchObject({ "metadata[remit_invoice_id]": expect.any(String), customer_email: "ap@acme.example" });

  // The client pays on Stripe's page and Stripe sends them back…
  const { completed } = stripe.pay(sessionId);
  const successUrl = String(completed.success_url).replace("{CHECKOUT_SESSION_ID}", sessionId);
  await page.goto(successUrl);
  await expect.poll(() => page.getByRole("status").textContent()).toContain("Payment received — processing");
  // Money on its way: no Pay button beside it, and the way to the client's other invoices.
  expect(await page.getByRole("button", { name: /^Pay/ }).count()).toBe(0);
  expect(await page.getByRole("status").getByRole("link", { name: "See all your invoices" }).count()).toBe(1);
  const invoice = await portal.app.db.invoice.findFirstOrThrow({ where: { number } });
  expect(invoice.status).toBe("open"); // the redirect alone proves nothing

  // …and then confirms it by webhook; the page picks it up by itself.
  expect(await confirmByWebhook(portal, completed)).toBe(200);
  await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toContain("Payment received — thank you!");
  expect(await page.locator(".pay-box").innerText()).toContain("Paid in full");
  expect(await page.getByRole("button", { name: /^Pay/ }).count()).toBe(0);
  await page.screenshot({ path: join(artifactsDir, "portal-paid-1280.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download receipt/ }).click()]);
  expect(download.suggestedFilename()).toBe(`Receipt-${number}-1.pdf`);
  expect(
    readFileSync((await download.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
  expect(await portal.app.db.invoice.findFirstOrThrow({ where: { number } })).toMatchObject({ status: "paid" });
  await context.close();
});

it("shows a German client the amount they type on the Pay button before Stripe: 12,50 is €12.50", async () => {
  await portal.app.db.workspace.update({ where: { id: portal.demo.workspaceId }, data: { allowPartialPayments: true, minimumPartialAmount: null } });
  const context = await checkoutContext(browser);
  const page = await context.newPage();
  await page.goto(await portal.link("Müller & Söhne GmbH"));
  // Müller's one invoice is open (in German, "Offen" is also a column heading).
  await page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: /^NW-\d{4}$/ }) })
    .filter({ hasText: /Offen|Überfällig/ })
    .first()
    .getByRole("link")
    .click();
  // The page speaks German (the client's locale): "Zu zahlender Betrag", "12,50 € bezahlen".
  const field = page.getByLabel(/Zu zahlender Betrag/);
  await expect.poll(() => field.isVisible()).toBe(true);
  // Typed before the page's scripts run, the amount would be the browser's alone: wait for them.
  await page.waitForLoadState("networkidle");
  // The field starts with the balance exactly as the page shows it, and the button says so.
  const balance = await field.inputValue();
  expect(balance).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/);
  expect(await page.getByRole("button", { name: / bezahlen$/ }).textContent()).toBe(`${balance}\u00a0€ bezahlen`);
  await field.fill("12,50");
  await expect.poll(() => page.getByRole("button", { name: / bezahlen$/ }).textContent()).toBe("12,50\u00a0€ bezahlen");
  await field.fill("12,345");
  await expect.poll(() => page.getByRole("alert").textContent()).toBe("EUR amounts have at most 2 decimals, such as 1.234,56.");
  await field.fill("12,50");
  await Promise.all([page.waitForURL(/checkout\.stripe\.com/), page.getByRole("button", { name: "12,50\u00a0€ bezahlen" }).click()]);
  expect(stripe.createRequests.at(-1)?.params).toMatchObject({
    "line_items[0][price_data][currency]": "eur",
    "line_items[0][price_data][unit_amount]": "1250",
  });
  await portal.app.db.workspace.update({ where: { id: portal.demo.workspaceId }, data: { allowPartialPayments: false } });
  await context.close();
});
