import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import { anInvoice } from "#tests/fixtures.ts";
import { FakeStripe, stripeEnv } from "#tests/msw/stripe.ts";
import { artifactsDir, checkoutContext, confirmByWebhook, inChromium, type Portal } from "./harness.ts";

let portal: Portal;
let browser: Browser;
const stripe = new FakeStripe();
inChromium((world) => ({ portal, browser } = world), { env: () => stripeEnv, stripe });

it("pays all open invoices at once: Pay all → Stripe Checkout → back → webhook → every invoice paid, a receipt each", async () => {
  const { db } = portal.app;
  const acme = portal.demo.customers.find((customer) => customer.name === "Acme Corp")!;
  // Acme has two more open invoices, so the portal offers to pay them together.
  for (const unitAmount of [45_000, 12_550]) {
    await anInvoice(db, portal.demo.workspaceId, acme.id, { lines: [{ productName: "Support", quantity: 1, unitAmount }] });
  }
  const open = await db.invoice.findMany({
    where: { customerId: acme.id, status: { in: ["open", "uncollectible"] } },
    orderBy: [{ dueDate: "asc" }, { number: "asc" }],
  });
  expect(open.length).toBeGreaterThanOrEqual(3);
  const total = open.reduce((sum, invoice) => sum + invoice.total - invoice.amountPaid, 0);
  const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(total / 100);

  const context = await checkoutContext(browser, { acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(await portal.link("Acme Corp"));
  const payAll = page.getByRole("button", { name: `Pay all ${open.length} invoices: ${dollars}` });
  await expect.poll(() => payAll.isVisible()).toBe(true);
  await page.screenshot({ path: join(artifactsDir, "portal-pay-all-1280.png"), fullPage: true });

  await Promise.all([page.waitForURL(/checkout\.stripe\.com/), payAll.click()]);
  const sessionId = page.url().split("/").at(-1)!;
  const params = stripe.createRequests.at(-1)!.params;
  // One line per invoice, the one due first first.
  expect(open.map((_, i) => params[`line_items[${i}][price_data][product_data][name]`])).toEqual(
    open.map((invoice) => `Invoice ${invoice.number} from Northwind Studio (demo data)`),
  );

  const { completed } = stripe.pay(sessionId);
  await page.goto(String(completed.success_url).replace("{CHECKOUT_SESSION_ID}", sessionId));
  await expect.poll(() => page.getByRole("status").textContent()).toContain("Payment received — processing");
  expect(await page.getByRole("button", { name: /^Pay/ }).count()).toBe(0);

  expect(await confirmByWebhook(portal, completed)).toBe(200);
  await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toContain("Payment received — thank you!");
  const receipts = page.getByRole("status").getByRole("link", { name: /Download receipt/ });
  expect(await receipts.count()).toBe(open.length);
  expect(await page.getByText("No open invoices.").count()).toBe(1);
  await page.screenshot({ path: join(artifactsDir, "portal-paid-all-1280.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), receipts.last().click()]);
  expect(download.suggestedFilename()).toBe(`Receipt-${open.at(-1)!.number}-1.pdf`);
  expect(
    readFileSync((await download.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
  for (const invoice of open) {
    expect(await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "paid", amountPaid: invoice.total });
  }
  await context.close();
});
