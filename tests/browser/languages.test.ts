import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { readPdf } from "#app/documents/pdf-text.test-helper.ts";
import { translator } from "#app/i18n/i18n.ts";
import type { Language } from "#app/i18n/languages.ts";
import { artifactsDir, inChromium, openPage, seriousA11yViolations, type Portal } from "./harness.ts";
import { englishLeftovers } from "#tests/catalogues.ts";
import { expectAllIn } from "#tests/text.ts";

let portal: Portal;
let browser: Browser;
inChromium((world) => ({ portal, browser } = world));

/** The demo's client for each shipped language. */
const clients: [Language, string, string][] = [
  ["en", "Acme Corp", "en-US"],
  ["de", "Müller & Söhne GmbH", "de-DE"],
  ["fr", "Atelier Dupont SARL", "fr-FR"],
  ["es", "Distribuciones Sánchez S.L.", "es-ES"],
  ["ru", "ООО «Ромашка»", "ru-RU"],
  ["el", "Ελληνικά Χαρτικά Α.Ε.", "el-GR"],
  ["ja", "Yamada Shoji K.K.", "ja-JP"],
];

/** The page's words outside proper names: the vendor's and client's data are theirs. */
async function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy
      .querySelectorAll(".language-switch, .vendor-name, .product, .description, .address, .notes, .offline-payment dd, style, script")
      .forEach((node) => node.remove());
    return copy.innerText;
  });
}

describe("the portal in the client's language", () => {
  it.each(clients)("%s: %s reads every page in their language, accessibly", async (language, name, locale) => {
    const t = translator(language, "portal");
    const leftovers = language === "en" ? [] : englishLeftovers(language, ["common", "portal"]);
    const home = await openPage(browser, await portal.link(name));
    expect(await home.evaluate(() => document.documentElement.lang)).toBe(locale);
    expect(await home.getByRole("heading", { level: 1 }).textContent()).toBe(t("home.heading", { customer: name }));
    expect(await home.title()).toBe(t("home.title", { vendor: "Northwind Studio (demo data)" }));
    const homeWords = await pageWords(home);
    for (const fragment of leftovers) expect(homeWords, `English "${fragment}" on the ${language} home page`).not.toContain(fragment);
    expect(await seriousA11yViolations(home)).toEqual([]);

    const link = home.getByRole("link", { name: /^NW-\d{4}$/ }).first();
    const number = (await link.textContent())!;
    await Promise.all([home.waitForURL(/\/invoices\//), link.click()]);
    await expect.poll(() => home.getByRole("heading", { level: 1 }).textContent()).toContain(t("invoice.heading", { number }));
    const invoiceWords = await pageWords(home);
    for (const fragment of leftovers) expect(invoiceWords, `English "${fragment}" on the ${language} invoice page`).not.toContain(fragment);
    expect(await seriousA11yViolations(home)).toEqual([]);
    if (language === "de" || language === "ja") await home.screenshot({ path: join(artifactsDir, `portal-invoice-${language}.png`), fullPage: true });

    const [download] = await Promise.all([home.waitForEvent("download"), home.getByRole("link", { name: t("invoice.downloadPdf") }).click()]);
    const text = (await readPdf(new Uint8Array(readFileSync((await download.path())!)))).map((page) => page.text).join("\n");
    expect(text).toContain(translator(language, "documents")("invoice.balanceDue"));
    expect(text).not.toContain("\uFFFD");
    await home.context().close();
  });

  it("switches language from the page, and the PDF follows", async () => {
    const page = await openPage(browser, await portal.link("Acme Corp"));
    await Promise.all([page.waitForURL((url) => !url.search.includes("lang=")), page.getByRole("link", { name: "Deutsch" }).click()]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("de-US");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Rechnungen für Acme Corp");
    expect(await page.getByRole("link", { name: "Deutsch" }).getAttribute("aria-current")).toBe("true");
    const link = page.getByRole("link", { name: /^NW-\d{4}$/ }).first();
    await Promise.all([page.waitForURL(/\/invoices\//), link.click()]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "PDF herunterladen" }).click()]);
    const text = (await readPdf(new Uint8Array(readFileSync((await download.path())!)))).map((p) => p.text).join("\n");
    expect(text).toContain("Offener Betrag");
    await page.context().close();
  });

  it("offers the vendor's bank details when online payment is not set up, and prints who the invoice is from", async () => {
    const page = await openPage(browser, await portal.link("Atelier Dupont SARL"));
    const link = page.getByRole("link", { name: /^NW-\d{4}$/ }).first();
    await Promise.all([page.waitForURL(/\/invoices\//), link.click()]);
    const text = await page.locator("main").innerText();
    expectAllIn(text, [
      "Paiement par virement",
      "GB33 BUKB 2020 1555 5555 55",
      "BUKBGB22",
      "Northwind Studio Ltd",
      "4 Shoreditch High Street",
      "N° TVA : GB123456789",
      "N° TVA : FR40303265045",
      "BC-2211",
    ]);
    expect(text).not.toContain("contacter");
    await page.context().close();
  });

  it("prints a short invoice as one clean page: no buttons, no language switch", async () => {
    const page = await openPage(browser, await portal.link("Müller & Söhne GmbH"));
    const link = page.getByRole("link", { name: /^NW-\d{4}$/ }).first();
    await Promise.all([page.waitForURL(/\/invoices\//), link.click()]);
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("link", { name: "PDF herunterladen" }).isVisible()).toBe(false);
    expect(await page.locator(".language-switch").isVisible()).toBe(false);
    expect(await page.locator(".vendor-name").evaluate((node) => getComputedStyle(node).color)).toBe("rgb(0, 0, 0)");
    const printed = await readPdf(new Uint8Array(await page.pdf({ format: "A4" })));
    writeFileSync(join(artifactsDir, "portal-invoice-print.pdf"), await page.pdf({ format: "A4" }));
    expect(printed).toHaveLength(1);
    expect(printed[0]?.text).toContain("Offener Betrag");
    await page.context().close();
  });

  it("speaks the browser's language on a link that names no client", async () => {
    const context = await browser.newContext({ locale: "es-ES" });
    const page = await context.newPage();
    const response = await page.goto(`${portal.baseUrl}/p/not-a-real-token`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Este enlace ya no es válido");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("es");
    await context.close();
  });
});
