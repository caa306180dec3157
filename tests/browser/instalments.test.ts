import { join } from "node:path";
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import { createInvoice } from "#app/billing/invoices.server.ts";
import { createSchedule } from "#app/billing/schedules.server.ts";
import { FakeStripe, stripeEnv } from "#tests/msw/stripe.ts";
import { testNow } from "#tests/clock.ts";
import { inParts } from "#tests/fixtures.ts";
import { artifactsDir, checkoutContext, confirmByWebhook, inChromium, type Portal } from "./harness.ts";

// Issue 14: the client pays the first instalment from the portal and sees the rest scheduled.
let portal: Portal;
let browser: Browser;
const stripe = new FakeStripe();
inChromium((world) => ({ portal, browser } = world), { env: () => stripeEnv, stripe });

it("pays the first instalment through Stripe and shows the other parts still scheduled, and the upcoming recurring invoice", async () => {
  const { db } = portal.app;
  const { workspaceId } = portal.demo;
  const acme = portal.demo.customers.find((customer) => customer.name === "Acme Corp")!;
  const invoice = await createInvoice(
    db,
    workspaceId,
    { customerId: acme.id, currency: "USD", lines: [{ productName: "Website", quantity: 1, unitAmount: 120_000 }] },
    testNow,
  );
  await inParts(db, invoice, [
    [30_000, invoice.issueDate],
    [45_000, "2027-01-15"],
    [45_000, "2027-02-15"],
  ]);
  await createSchedule(
    db,
    workspaceId,
    {
      customerId: acme.id,
      name: "Hosting",
      frequency: "monthly",
      dayOfMonth: 1,
      invoice: { currency: "USD", lines: [{ productName: "Hosting", quantity: 1, unitAmount: 4_900 }] },
    },
    testNow,
  );

  const context = await checkoutContext(browser);
  const page = await context.newPage();
  await page.goto(await portal.link("Acme Corp"));
  // The portal's home names the next invoice of the active schedule.
  expect(await page.locator("#upcoming").innerText()).toContain("Hosting: $49.00 on Dec 1, 2026 (monthly)");
  await page.getByRole("link", { name: invoice.number }).click();

  const schedule = page.getByRole("region", { name: "Payment schedule" });
  await expect.poll(() => schedule.isVisible()).toBe(true);
  const rows = () => schedule.getByRole("row").allInnerTexts();
  expect((await rows()).slice(1).map((row) => row.replace(/\s+/g, " ").trim())).toEqual([
    "Part 1 of 3 Nov 21, 2026 $300.00 Next",
    "Part 2 of 3 Jan 15, 2027 $450.00 Scheduled",
    "Part 3 of 3 Feb 15, 2027 $450.00 Scheduled",
  ]);
  expect(await page.locator(".pay-box").innerText()).toContain("Next payment: part 1 of 3, due Nov 21, 2026.");
  expect(await page.getByRole("button", { name: "Or pay the whole balance of $1,200.00" }).count()).toBe(1);

  await Promise.all([page.waitForURL(/checkout\.stripe\.com/), page.getByRole("button", { name: "Pay $300.00" }).click()]);
  const sessionId = page.url().split("/").at(-1)!;
  expect(stripe.createRequests.at(-1)?.params).toMatchObject({
    "line_items[0][price_data][unit_amount]": "30000",
    "line_items[0][price_data][product_data][description]": "Instalment 1 of 3 (balance due $1,200.00)",
  });

  const { completed } = stripe.pay(sessionId);
  await page.goto(String(completed.success_url).replace("{CHECKOUT_SESSION_ID}", sessionId));
  expect(await confirmByWebhook(portal, completed)).toBe(200);
  await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toContain("Payment received — thank you!");
  expect((await rows()).slice(1).map((row) => row.replace(/\s+/g, " ").trim())).toEqual([
    "Part 1 of 3 Nov 21, 2026 $300.00 Paid",
    "Part 2 of 3 Jan 15, 2027 $450.00 Next",
    "Part 3 of 3 Feb 15, 2027 $450.00 Scheduled",
  ]);
  await page.screenshot({ path: join(artifactsDir, "portal-instalment-paid-1280.png"), fullPage: true });

  // Back on the invoice later: the next part is what Pay charges; the invoice is still open.
  await page.goto(page.url().split("?")[0]!);
  expect(await page.getByRole("button", { name: "Pay $450.00" }).count()).toBe(1);
  expect(await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "open", amountPaid: 30_000 });
  expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(1);
  await context.close();
});
