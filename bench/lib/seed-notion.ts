// Seeds a fresh database for the Notion backfill benchmark: one workspace with
// `count` invoices, connected to the fake Notion at NOTION_API_URL (a database Remit creates
// under `parentPage`). Prints the workspace and data source ids as JSON on stdout.
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import { createCustomer } from "#app/billing/customers.server.ts";
import { createInvoice } from "#app/billing/invoices.server.ts";
import { createWorkspace } from "#app/billing/workspaces.server.ts";
import { createNotionService } from "#integrations/notion/index.ts";
import { seed } from "./seeding.ts";

const [count = "1000", token = "", parentPage = ""] = process.argv.slice(2);
await seed(async ({ db, env, database }) => {
  const workspace = await createWorkspace(db, { name: "Backfill Studio", defaultCurrency: "EUR", timezone: "Europe/Berlin" });
  const customers = await Promise.all(
    Array.from({ length: 20 }, (_, n) => createCustomer(db, workspace.id, { name: `Kunde ${n + 1}`, email: `kunde${n + 1}@example.com` })),
  );
  for (let i = 0; i < Number(count); i++) {
    await createInvoice(
      db,
      workspace.id,
      {
        customerId: customers[i % customers.length]!.id,
        issueDate: "2026-06-01",
        dueDate: "2027-01-31",
        lines: [{ productName: "Beratung", quantity: 1 + (i % 5), unitAmount: 9_500 }],
      },
      new Date(),
    );
  }
  const notion = createNotionService({ database, env, secrets: resolveSecrets(env), now: () => new Date() });
  const { dataSourceId } = await notion.connect(workspace.id, { token, target: { parentPage } });
  return { workspaceId: workspace.id, dataSourceId };
});
