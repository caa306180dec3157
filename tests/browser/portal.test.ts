import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifactsDir, inChromium, openPage, personsBrowser, seriousA11yViolations, type Portal } from "./harness.ts";

let portal: Portal;
let browser: Browser;
inChromium((world) => ({ portal, browser } = world));

const viewsOf = (invoiceNumber: string) =>
  portal.app.db.activityEvent.count({ where: { kind: "invoice_viewed", preview: false, invoice: { number: invoiceNumber } } });

describe("the client portal in Chromium", () => {
  it("answers an invoice outside the link under the vendor's header, in the client's language, with the way back", async () => {
    const url = await portal.link("Müller & Söhne GmbH");
    const context = await browser.newContext({ userAgent: personsBrowser });
    const page = await context.newPage();
    const response = await page.goto(`${url}/invoices/00000000-0000-0000-0000-000000000000`);
    expect(response?.status()).toBe(404);
    expect(await page.locator(".portal-header .vendor-name").textContent()).toBe("Northwind Studio (demo data)");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Rechnung nicht gefunden");
    await page.getByRole("link", { name: "Zurück zu Ihren Rechnungen" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Rechnungen für Müller & Söhne GmbH");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it("shows Acme's own invoices, accessibly, on a desktop and a phone", async () => {
    const url = await portal.link("Acme Corp");
    for (const width of [1280, 390, 360]) {
      const page = await openPage(browser, url, width);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Invoices for Acme Corp");
      const text = await page.locator("main").innerText();
      expect(text).toContain("NW-0001");
      expect(text).toContain("Overdue · ");
      expect(text).not.toContain("NW-0005"); // Müller's invoice
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await seriousA11yViolations(page)).toEqual([]);
      if (width !== 360) await page.screenshot({ path: join(artifactsDir, `portal-home-${width}.png`), fullPage: true });
      await page.context().close();
    }
  });

  it("sends the portal's security headers", async () => {
    const response = await fetch(await portal.link("Acme Corp"));
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self' ('nonce-[^']+'|('sha256-[^']+' ?)+); .*frame-ancestors 'none'/);
  });

  it("runs the page's scripts when the home is served as kept, allowed by their hashes instead of a nonce", async () => {
    const url = await portal.link("Atelier Dupont SARL");
    const keptCsp = async () => (await fetch(url)).headers.get("content-security-policy") ?? "";
    await expect.poll(keptCsp).toContain("'sha256-");
    const page = await openPage(browser, url);
    expect(await page.evaluate(() => typeof (window as unknown as { __remixRouter?: object }).__remixRouter)).toBe("object");
    await page
      .getByRole("link", { name: /^NW-\d{4}$/ })
      .first()
      .click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toMatch(/NW-\d{4}/);
    await page.context().close();
  });

  it("works by keyboard, in the client's language: tab to an invoice, open it, download its PDF", async () => {
    const page = await openPage(browser, await portal.link("ООО «Ромашка»"));
    await page.keyboard.press("Tab");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Перейти к содержимому");
    let focused = "";
    for (let i = 0; i < 20 && !/^NW-\d{4}$/.test(focused); i++) {
      await page.keyboard.press("Tab");
      focused = (await page.evaluate(() => document.activeElement?.textContent)) ?? "";
    }
    expect(focused).toMatch(/^NW-\d{4}$/);
    await Promise.all([page.waitForURL(/\/invoices\//), page.keyboard.press("Enter")]);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(`Счёт ${focused}`);
    expect(await page.locator("main").innerText()).toContain("Дизайн упаковки");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifactsDir, "portal-invoice-1280.png"), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Скачать PDF" }).click()]);
    expect(download.suggestedFilename()).toBe(`${focused}.pdf`);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: join(artifactsDir, "portal-invoice-390.png"), fullPage: true });
    await page.context().close();
  });

  it("counts one view for a person who opens the invoice, none for a link-preview bot", async () => {
    const home = await openPage(browser, await portal.link("Gulf Trading Co."));
    const href = (await home
      .getByRole("link", { name: /^NW-\d{4}$/ })
      .first()
      .getAttribute("href"))!;
    const number = (await home
      .getByRole("link", { name: /^NW-\d{4}$/ })
      .first()
      .textContent())!;
    await home.context().close();
    const before = await viewsOf(number);

    // Slack's unfurler and a mail scanner fetch the page but run no script.
    for (const agent of ["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Mozilla/5.0 (compatible; Barracuda Sentinel)"]) {
      const fetched = await fetch(`${portal.baseUrl}${href}`, { headers: { "User-Agent": agent } });
      expect(fetched.status).toBe(200);
      await fetched.text();
    }
    expect(await viewsOf(number)).toBe(before);

    const person = await openPage(browser, `${portal.baseUrl}${href}`);
    await expect.poll(() => viewsOf(number)).toBe(before + 1);
    await person.context().close();
    const events = await portal.app.db.outboxEvent.findMany({ where: { type: "invoice.viewed" }, orderBy: { sequence: "desc" }, take: 1 });
    expect(events[0]?.payload).toMatchObject({ firstView: before === 0 });
  });

  it("shows a clear page, and no invoice data, for a link that is no longer valid", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${portal.baseUrl}/p/not-a-real-token`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("This link is no longer valid");
    expect(await page.locator("body").innerText()).not.toMatch(/NW-\d{4}|Error:|at .*\.js/);
    await context.close();
  });
});
