// Seeds a fresh database for a benchmark and prints what it made as JSON on stdout.
import { publicUrl } from "#app/platform/config/env.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import { seed } from "./seeding.ts";
import { settleOutbox } from "./settle-outbox.ts";
import { createCustomer } from "#app/billing/customers.server.ts";
import { createInvoice, recordManualPayment } from "#app/billing/invoices.server.ts";
import { issuePortalToken, portalUrl } from "#app/portal/access.server.ts";
import { createWorkspace } from "#app/billing/workspaces.server.ts";

const [invoiceCount = "50", linesPerInvoice = "3"] = process.argv.slice(2);
await seed(async ({ db, env }) => {
  const workspace = await createWorkspace(db, { name: "Benchmark Studio", defaultCurrency: "EUR", timezone: "Europe/Berlin" });
  const customer = await createCustomer(db, workspace.id, { name: "Beispiel GmbH", email: "ap@beispiel.example", locale: "de-DE" });
  const invoiceIds: string[] = [];
  for (let i = 0; i < Number(invoiceCount); i++) {
    const invoice = await createInvoice(
      db,
      workspace.id,
      {
        customerId: customer.id,
        issueDate: "2026-06-01",
        dueDate: i % 3 === 0 ? "2026-07-01" : "2027-01-31",
        taxRateBps: 1900,
        lines: Array.from({ length: Number(linesPerInvoice) }, (_, n) => ({
          productName: `Leistung ${n + 1}`,
          description: "Konzeption, Gestaltung und Abstimmung mit dem Team",
          quantity: 1 + (n % 4),
          unitAmount: 12_500 + n * 100,
        })),
      },
      new Date(),
    );
    if (i % 2 === 1)
      await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "bank transfer" }, new Date());
    invoiceIds.push(invoice.id);
  }
  await settleOutbox(db);
  const { signingKeys } = resolveSecrets(env);
  const { token } = await issuePortalToken(db, signingKeys, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 1 }, new Date());
  return { portal: portalUrl(publicUrl(env), token), invoiceIds };
});
