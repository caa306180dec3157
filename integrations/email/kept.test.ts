import { mkdtemp, readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { formatMoney } from "#app/billing/money.ts";
import { createTestApp } from "#tests/app.ts";
import { cliOn } from "#tests/cli.ts";
import { createTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { startTestSmtp } from "#tests/smtp.ts";

const at = Date.parse("2099-06-01T10:00:00Z");
let app: AppContext;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "remit-kept-"));
  app = await createTestApp(await createTestDatabase(), { DATA_DIR: dataDir });
  app.now = () => new Date(at);
});
afterAll(async () => {
  await app.database.close();
});

describe("without SMTP", () => {
  it("keeps every email as an .eml file under DATA_DIR/mail, once, for the owner only, listed and shown by the CLI", async () => {
    const { workspace, customer } = await aVendor(app.db, { name: "Atelier Rose", defaultCurrency: "EUR", locale: "fr-FR" });
    await anInvoice(app.db, workspace.id, customer.id, {
      currency: "EUR",
      issueDate: "2099-06-01",
      dueDate: "2099-06-30",
      lines: [{ productName: "Identité visuelle", quantity: 1, unitAmount: 125_000 }],
    });
    const dispatcher = createDispatcher(app.db, { subscribers: [app.email.subscriber], now: () => new Date(at) });
    expect((await dispatcher.runOnce()).delivered).toBe(1);
    await app.db.delivery.updateMany({ where: { subscriber: "email" }, data: { status: "pending" } });
    await dispatcher.runOnce();

    const directory = join(dataDir, "mail");
    const files = await readdir(directory);
    expect(files).toEqual([expect.stringMatching(/^20990601T100000Z-invoice-[0-9a-f]{12}\.eml$/)]);
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
    expect((await stat(join(directory, files[0]!))).mode & 0o777).toBe(0o600);
    expect(app.email.describe()).toBe(
      `Email is not set up (SMTP_URL or SMTP_HOST): every email is kept in ${directory}; list them with \`npx remit email list\`.`,
    );

    const cli = cliOn(app.database, { DATA_DIR: dataDir });
    const list = await cli("email", "list");
    expect(list.code).toBe(0);
    expect(list.out).toContain(`1 email kept in ${directory}`);
    const amount = formatMoney(125_000, "EUR", "fr-FR"); // "1 250,00 €", with the narrow spaces French uses
    // A French client gets French, as on the portal.
    expect(list.out).toContain(`2099-06-01 10:00  ${customer.email}  Facture INV-0001 de Atelier Rose — ${amount}, échéance le 30 juin`);
    const shown = await cli("email", "show", "1");
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`From:     "Atelier Rose" <invoices@remit.test>`);
    expect(shown.out).toContain(`Atelier Rose vous a envoyé la facture INV-0001 d’un montant de ${amount}, à régler au plus tard le 30 juin 2099.`);
    expect(shown.out).toMatch(/Consulter la facture http:\/\/remit\.test\/p\/\S+/);
    expect(shown.out).toMatch(/^Atelier Rose vous a envoyé cet e-mail via Remit\.$/m); // no reply-to set: no "reply to it"
  });

  it("sends a test email with the CLI, and says in words when the server is not there", async () => {
    const smtp = await startTestSmtp();
    try {
      const cli = cliOn(app.database, smtp.env);
      const sent = await cli("email", "test", "--to", "ops@studio.example");
      expect(sent).toMatchObject({ code: 0, err: "" });
      expect(sent.out).toContain("Email goes through 127.0.0.1:");
      expect(sent.out).toMatch(/Sent to ops@studio\.example: the server answered 250 /);
      expect(smtp.received.map((email) => [email.envelope.to, email.mail.subject])).toEqual([[["ops@studio.example"], "Remit test email"]]);
    } finally {
      await smtp.stop();
    }
    const down = await cliOn(app.database, smtp.env)("email", "test", "--to", "ops@studio.example");
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/^The test email was not sent\. .*ECONNREFUSED/);
  });
});
