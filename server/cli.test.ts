import { aNotionConnection } from "#tests/fixtures.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoWorkspaceName } from "#server/demo.ts";
import { cliDatabase, idIn } from "#tests/cli.ts";

const cli = cliDatabase();
const { remit } = cli;
/** `remit invoice create` for a workspace's customer, with `flags`. */
const createInvoice = (workspace: string, customer: string, ...flags: string[]) =>
  remit("invoice", "create", "--workspace", workspace, "--customer", customer, ...flags);

describe("remit CLI", () => {
  it("creates a workspace, a customer and invoices from flags and from a JSON file, and lists them", async () => {
    const ws = await remit(
      "workspace",
      "create",
      "--name",
      "Atelier Rose",
      "--currency",
      "EUR",
      "--timezone",
      "Europe/Paris",
      "--locale",
      "fr-FR",
      "--prefix",
      "AR-",
    );
    expect(ws).toMatchObject({ code: 0, out: expect.stringMatching(/^Created workspace .* "Atelier Rose"\.$/) });
    const workspace = idIn(ws.out);
    const customer = idIn((await remit("customer", "create", "--workspace", workspace, "--name", "Café Lumière", "--email", "compta@lumiere.example")).out);

    const fromFlags = await createInvoice(
      workspace,
      customer,
      "--line",
      "Identité visuelle|1|1200.00|Logo et charte",
      "--line",
      "Heures|2.5|80",
      "--tax",
      "20",
      "--issue-date",
      "2026-11-01",
      "--due-date",
      "2026-12-01",
    );
    expect(fromFlags.out).toBe(`Created open invoice AR-0001 (${idIn(fromFlags.out)}) for 1\u202f680,00\u00a0€, due 2026-12-01.`);

    const file = join(mkdtempSync(join(tmpdir(), "remit-cli-")), "invoice.json");
    writeFileSync(file, JSON.stringify({ customerId: customer, issue: false, lines: [{ productName: "Retouches", quantity: 1, unitAmount: 15_000 }] }));
    expect((await remit("invoice", "create", "--workspace", workspace, "--file", file)).out).toMatch(/^Created draft invoice AR-0002 .* 150,00\u00a0€/);

    const list = await remit("invoice", "list", "--workspace", workspace);
    expect(list.out.split("\n")).toHaveLength(2);
    expect(list.out).toContain("AR-0001  open");
    expect((await remit("invoice", "list", "--workspace", workspace, "--status", "draft")).out).toMatch(/^AR-0002 {2}draft/);
    expect((await remit("customer", "list", "--workspace", workspace, "--search", "lumi")).out).toBe(`${customer}  Café Lumière  <compta@lumiere.example>`);
  });

  it("reads --line prices in the invoice's currency (the customer's) and the workspace's locale", async () => {
    const workspace = idIn((await remit("workspace", "create", "--name", "Dollar Studio", "--currency", "USD")).out);
    const cases: [string, string, string][] = [
      ["JPY", "1200.00", "¥1,200"],
      ["KWD", "1250.50", "KWD\u00a01,250.500"],
      ["KWD", "1250.500", "KWD\u00a01,250.500"],
      ["ISK", "95,000", "ISK\u00a095,000"],
      ["HUF", "12,345", "HUF\u00a012,345"],
      ["OMR", "12.345", "OMR\u00a012.345"],
    ];
    for (const [currency, price, total] of cases) {
      const customer = idIn((await remit("customer", "create", "--workspace", workspace, "--name", `Client ${currency}`, "--currency", currency)).out);
      const created = await createInvoice(workspace, customer, "--line", `Work|1|${price}`);
      expect(created.out).toContain(`for ${total}, due`);
    }
    const customer = idIn((await remit("customer", "create", "--workspace", workspace, "--name", "Ambiguous", "--currency", "KWD")).out);
    expect(await createInvoice(workspace, customer, "--line", "Work|1|1,500")).toMatchObject({
      code: 1,
      err: 'Not done:\n  lines.0.unitPrice: "1,500" could be read two ways. Write it with its decimals: 1,500.000 or 1.500.',
    });
    const german = idIn((await remit("workspace", "create", "--name", "Berliner Büro", "--currency", "EUR", "--locale", "de-DE")).out);
    const kunde = idIn((await remit("customer", "create", "--workspace", german, "--name", "Kunde")).out);
    expect((await createInvoice(german, kunde, "--line", "Arbeit|1|12,50")).out).toContain("for 12,50\u00a0€");
    expect((await createInvoice(german, kunde, "--line", "Arbeit|1|2.273,10")).out).toContain("for 2.273,10\u00a0€");
    expect((await remit("workspace", "payments", "--workspace", german, "--partial", "on", "--minimum", "50,00")).out).toContain("at least 50,00\u00a0€");
  });

  it("creates an invoice with a rate and discount per line, an invoice discount, a date of supply and a footer", async () => {
    const workspace = idIn((await remit("workspace", "create", "--name", "Kunstverlag", "--currency", "EUR", "--locale", "de-DE")).out);
    const customer = idIn((await remit("customer", "create", "--workspace", workspace, "--name", "Galerie Nord")).out);
    const created = await createInvoice(
      workspace,
      customer,
      "--tax",
      "19",
      "--discount",
      "5",
      "--line",
      "Illustration|1|1.000,00|Cover art|discount=10",
      "--line",
      "Art book|2|25|tax=7",
      "--supply-date",
      "2026-10-31",
      "--footer",
      "Vielen Dank!\\nBitte zahlen Sie per Überweisung.",
    );
    expect(created.code).toBe(0);
    const invoice = await cli.db.invoice.findFirstOrThrow({ where: { customerId: customer }, include: { lines: { orderBy: { position: "asc" } } } });
    expect(invoice.lines.map(({ description, taxRateBps, discountBps, amount }) => ({ description, taxRateBps, discountBps, amount }))).toEqual([
      { description: "Cover art", taxRateBps: 1900, discountBps: 1000, amount: 90_000 },
      { description: null, taxRateBps: 700, discountBps: 0, amount: 5_000 },
    ]);
    expect(invoice).toMatchObject({ discountBps: 500, subtotal: 95_000, discountAmount: 4_750, taxAmount: 333 + 16_245, total: 95_000 - 4_750 + 333 + 16_245 });
    expect(invoice.footer).toBe("Vielen Dank!\nBitte zahlen Sie per Überweisung.");
    expect(invoice.supplyDate?.toISOString().slice(0, 10)).toBe("2026-10-31");
    expect(await createInvoice(workspace, customer, "--line", "Work|1|10|discount=half")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--line 1 discount= is a percentage such as 20 or 8.25."),
    });
  });

  it("explains bad input with exit code 1 and calling mistakes with exit code 2", async () => {
    expect(await remit("invoice", "list")).toMatchObject({ code: 2, err: expect.stringContaining("--workspace is required.") });
    expect(await remit("frobnicate")).toMatchObject({ code: 2, err: expect.stringContaining('Unknown command "frobnicate"') });
    expect(await remit("invoice", "list", "--bogus")).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--bogus'") });
    expect(await remit("invoice", "list", "--workspace", "nope")).toMatchObject({ code: 1, err: "No workspace with id nope." });

    const workspace = idIn((await remit("workspace", "create", "--name", "Studio")).out);
    const customer = idIn((await remit("customer", "create", "--workspace", workspace, "--name", "Client")).out);
    expect(await createInvoice(workspace, customer, "--line", "Work|x|10")).toMatchObject({
      code: 2,
      err: expect.stringContaining('--line 1 must look like "Website redesign|1|1200.00"'),
    });
    const refused = await createInvoice(workspace, customer, "--line", "Work|1|10", "--currency", "ABC", "--due-date", "2026-02-30");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("currency: ABC is not an ISO 4217 currency code");
    expect(refused.err).toContain("dueDate: Due date must be a real date written YYYY-MM-DD");
    expect(await remit("workspace", "create", "--name", "X", "--timezone", "Mars/Olympus")).toMatchObject({
      code: 1,
      err: expect.stringContaining("timezone: Timezone must be an IANA name"),
    });
    expect(await remit("help")).toMatchObject({ code: 0, out: expect.stringContaining("Usage: remit <command>") });
  });

  it("prints each command's own help, and says what a group or a command lacks", async () => {
    const help = await remit("invoice", "create", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(
      /^Usage: remit invoice create --workspace ID \[--customer ID\] \[--line "Product\|quantity\|unit price\[\|description\]\[\|tax=PERCENT\]\[\|discount=PERCENT\]"\.\.\.\]/,
    );
    expect(help.out).toMatch(/\[--draft\] +Keep it a draft instead of issuing it/);
    expect((await remit("help", "notion", "connect")).out).toContain("[--notion-database URL_OR_ID]");
    const all = (await remit("--help")).out;
    for (const name of ["serve", "workspace update", "events retry", "notion backfill", "email reminders"]) expect(all).toContain(`  ${name} `);
    expect(await remit("invoice")).toMatchObject({ code: 2, err: expect.stringContaining("invoice needs a command: create, list, split.") });
    expect(await remit("invoice", "send")).toMatchObject({
      code: 2,
      err: expect.stringContaining('Unknown command "invoice send"; invoice has: create, list, split.'),
    });
    expect(await remit("events", "retry")).toMatchObject({ code: 2, err: expect.stringContaining("remit events retry needs DELIVERY_ID.") });
    expect(await remit("invoice", "list", "--workspace", "w", "--status", "late")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--status must be one of draft, open, paid, void, uncollectible."),
    });
    // Options belong to their command: one that another command takes is unknown here.
    expect(await remit("workspace", "create", "--name", "X", "--customer", "c")).toMatchObject({
      code: 2,
      err: expect.stringContaining("Unknown option '--customer'"),
    });
  });

  it("loads the demo once and leaves other workspaces alone", async () => {
    const before = await cli.db.invoice.count({ where: { workspace: { isDemo: false } } });
    expect((await remit("demo")).out).toMatch(/^Loaded the demo workspace .*: 8 customers, 11 invoices\.$/);
    expect((await remit("demo")).out).toBe("The demo workspace is already loaded; nothing changed.");
    expect(await cli.db.invoice.count({ where: { workspace: { isDemo: false } } })).toBe(before);
    expect((await remit("workspace", "list")).out).toContain(`${demoWorkspaceName}  USD  Europe/London  (demo)`);
  });

  it("shows pending and dead deliveries and queues a dead one again", async () => {
    const workspace = idIn((await remit("workspace", "create", "--name", "Events")).out);
    await aNotionConnection(cli.db, workspace, new Date(0)); // mirrored into Notion
    const customer = idIn((await remit("customer", "create", "--workspace", workspace, "--name", "C")).out);
    await createInvoice(workspace, customer, "--line", "A|1|1");
    const delivery = await cli.db.delivery.findFirstOrThrow({
      where: { subscriber: "notion", event: { type: "invoice.created", workspaceId: workspace } },
    });
    expect((await remit("events")).out).toContain(`${delivery.id}  invoice.created      → notion   attempts 0`);
    // Untried long after it was due: no running instance delivers to Notion.
    await cli.db.delivery.update({ where: { id: delivery.id }, data: { nextAttemptAt: new Date(0) } });
    expect((await remit("events")).out).toMatch(/^No running instance delivers to notion: \d+ pending since .*\. Give at least one instance a running server/m);
    await cli.db.delivery.update({ where: { id: delivery.id }, data: { status: "dead", attempts: 12, lastError: "token revoked" } });
    expect((await remit("events", "--status", "dead")).out).toContain("attempts 12  last error: token revoked");
    expect((await remit("events", "retry", delivery.id)).out).toBe(`Delivery ${delivery.id} is queued again.`);
    expect(await remit("events", "retry", delivery.id)).toMatchObject({ code: 1, err: `No dead delivery ${delivery.id}.` });
    expect(await cli.db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("updates branding and settings, refusing what is not a PNG", async () => {
    const workspace = idIn((await remit("workspace", "create", "--name", "Brand")).out);
    const dir = mkdtempSync(join(tmpdir(), "remit-logo-"));
    const png = join(dir, "logo.png");
    writeFileSync(png, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
    const updated = await remit(
      "workspace",
      "update",
      "--workspace",
      workspace,
      "--brand-color",
      "#0f766e",
      "--logo",
      png,
      "--reminders",
      "14,3,3",
      "--self-service-links",
      "on",
    );
    expect(updated).toMatchObject({ code: 0, out: `Updated workspace ${workspace} "Brand".` });
    const row = await cli.db.workspace.findUniqueOrThrow({ where: { id: workspace } });
    expect(row).toMatchObject({ brandColor: "#0f766e", reminderDays: [3, 14], selfServiceLinks: true });
    expect(row.logoPng?.byteLength).toBeGreaterThan(60);
    const notPng = join(dir, "logo.txt");
    writeFileSync(notPng, "hello");
    expect(await remit("workspace", "update", "--workspace", workspace, "--logo", notPng)).toMatchObject({
      code: 1,
      err: expect.stringContaining("logoPng: Logo must be a PNG image"),
    });
    expect(await remit("workspace", "update", "--workspace", workspace, "--brand-color", "teal")).toMatchObject({
      code: 1,
      err: expect.stringContaining("Brand colour must look like #4f46e5"),
    });
    // Credit notes' own series (decision 152): a prefix of its own, never the invoices'.
    expect(await remit("workspace", "update", "--workspace", workspace, "--credit-note-prefix", "AV-")).toMatchObject({ code: 0 });
    expect((await cli.db.workspace.findUniqueOrThrow({ where: { id: workspace } })).creditNotePrefix).toBe("AV-");
    expect(await remit("workspace", "update", "--workspace", workspace, "--credit-note-prefix", "INV-")).toMatchObject({
      code: 1,
      err: expect.stringContaining("Credit notes need a prefix of their own"),
    });
    expect((await cli.db.workspace.findUniqueOrThrow({ where: { id: workspace } })).creditNotePrefix).toBe("AV-");
  });

  it("sets what invoices print about the vendor, and clears a value with an empty one", async () => {
    const workspace = idIn((await remit("workspace", "create", "--name", "Atelier")).out);
    const details = [
      "--legal-name",
      "Atelier Lumière SAS",
      "--address",
      "3 rue Neuve\\n75001 Paris",
      "--tax-id",
      "FR12345678901",
      "--bank-account",
      "FR76 3000 6000 0112 3456 7890 189",
      "--bank-bic",
      "AGRIFRPP",
    ];
    expect(await remit("workspace", "update", "--workspace", workspace, ...details)).toMatchObject({ code: 0 });
    expect(await cli.db.workspace.findUniqueOrThrow({ where: { id: workspace } })).toMatchObject({
      legalName: "Atelier Lumière SAS",
      address: "3 rue Neuve\n75001 Paris",
      taxId: "FR12345678901",
      bankAccount: "FR76 3000 6000 0112 3456 7890 189",
      bankBic: "AGRIFRPP",
    });
    expect(await remit("workspace", "update", "--workspace", workspace, "--tax-id", "")).toMatchObject({ code: 0 });
    expect(await cli.db.workspace.findUniqueOrThrow({ where: { id: workspace } })).toMatchObject({ taxId: null, legalName: "Atelier Lumière SAS" });
    expect(await remit("workspace", "update", "--workspace", workspace, "--billing-email", "nope")).toMatchObject({
      code: 1,
      err: expect.stringContaining("Billing email must be an address"),
    });
    const customer = idIn((await remit("customer", "create", "--workspace", workspace, "--name", "Client", "--tax-id", "DE999")).out);
    expect(await cli.db.customer.findUniqueOrThrow({ where: { id: customer } })).toMatchObject({ taxId: "DE999" });
    await createInvoice(workspace, customer, "--line", "A|1|10", "--po", "PO-1");
    expect(await cli.db.invoice.findFirstOrThrow({ where: { customerId: customer } })).toMatchObject({ poNumber: "PO-1" });
  });

  it("migrate reports there is nothing left to apply", async () => {
    expect((await remit("migrate")).out).toMatch(/^Nothing to apply \(\d+ migrations already applied\)\.$/);
  });
});
