// Seeds a workspace at scale for the `scale` benchmark and prints what it made as JSON on stdout:
// 1,000 customers and about 100,000 invoices, one client with 2,000 of them. Twenty invoices are
// made through the domain as the portal and Slack make them (lines, tax, issue, payments); the
// rest are copies of those twenty made by SQL, column for column, so that seeding takes seconds
// instead of hours and every copy is a row the domain itself wrote.
import { parseEnv, publicUrl } from "#app/platform/config/env.server.ts";
import { setLogLevel } from "#app/platform/config/log.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import { openDatabase } from "#app/platform/db/database.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";
import { settleOutbox } from "./settle-outbox.ts";
import { createCustomer } from "#app/billing/customers.server.ts";
import { createInvoice, recordManualPayment } from "#app/billing/invoices.server.ts";
import { issuePortalToken, portalUrl } from "#app/portal/access.server.ts";
import { createWorkspace } from "#app/billing/workspaces.server.ts";

const customers = Number(process.argv[2] ?? 1000);
const bigClientInvoices = Number(process.argv[3] ?? 2000);
/** Copies of each paid template per other customer; with two open ones each, about 100 invoices a customer. */
const paidCopiesPerCustomer = 10;

const env = parseEnv();
setLogLevel("warn");
// Copying tens of thousands of rows in one statement takes longer than a request may.
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, timeouts: { queryMs: 600_000 } });
try {
  await migrate(database);
  const db = database.prisma;
  const workspace = await createWorkspace(db, { name: "Studio at Scale", defaultCurrency: "EUR", timezone: "Europe/Berlin" });
  const big = await createCustomer(db, workspace.id, { name: "Grosskunde AG", email: "ap@grosskunde.example", locale: "de-DE" });
  const paid: string[] = [];
  const open: string[] = [];
  for (let i = 0; i < 20; i++) {
    const invoice = await createInvoice(
      db,
      workspace.id,
      {
        customerId: big.id,
        issueDate: "2026-06-01",
        dueDate: i % 4 === 0 ? "2026-07-01" : "2027-01-31",
        taxRateBps: 1900,
        lines: Array.from({ length: 3 }, (_, n) => ({
          productName: `Leistung ${n + 1}`,
          description: "Konzeption und Gestaltung",
          quantity: 1 + n,
          unitAmount: 12_500,
        })),
      },
      new Date(),
    );
    if (i % 2 === 1) {
      await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "bank transfer" }, new Date());
      paid.push(invoice.id);
    } else open.push(invoice.id);
  }
  for (let i = 1; i < customers; i++) await createCustomer(db, workspace.id, { name: `Kunde ${i}`, email: `kunde${i}@example.com`, locale: "de-DE" });

  const columns = async (table: string) =>
    (
      await db.$queryRawUnsafe<{ column_name: string }[]>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        table,
      )
    ).map((row) => row.column_name);
  /**
   * Copies `table`'s rows of the template invoices once per row of `copies` (which names each
   * copy's `suffix`, and `customerId` for invoices), keeping every other column as the domain wrote it.
   */
  async function copy(table: "Invoice" | "LineItem" | "Payment", templates: string[], copies: string) {
    const key = table === "Invoice" ? "id" : "invoiceId";
    const own: Record<string, string> = {
      id: `src."id" || copies.suffix`,
      ...(table === "Invoice"
        ? { number: `src."number" || copies.suffix`, customerId: `copies."customerId"`, sourceKey: "NULL" }
        : { invoiceId: `src."invoiceId" || copies.suffix` }),
      ...(table === "Payment" ? { receiptNumber: `src."receiptNumber" || copies.suffix` } : {}),
    };
    const names = await columns(table);
    const list = names.map((name) => `"${name}"`).join(", ");
    const values = names.map((name) => own[name] ?? `src."${name}"`).join(", ");
    await db.$executeRawUnsafe(
      `INSERT INTO "${table}" (${list}) SELECT ${values} FROM "${table}" src CROSS JOIN (${copies}) copies WHERE src."${key}" = ANY($1::text[])`,
      templates,
    );
  }
  const tables = ["Invoice", "LineItem", "Payment"] as const;
  // The big client: copies of its paid invoices up to `bigClientInvoices`.
  const bigCopies = Math.ceil((bigClientInvoices - 20) / paid.length);
  const bigSeries = `SELECT '-b' || g AS suffix, '${big.id}' AS "customerId" FROM generate_series(1, ${bigCopies}) g`;
  for (const table of tables) await copy(table, paid, bigSeries);
  // Every other customer: `paidCopiesPerCustomer` copies of each paid template and two open invoices.
  const others = (copies: number) =>
    `SELECT '-' || c."id" || '-' || g AS suffix, c."id" AS "customerId" FROM "Customer" c CROSS JOIN generate_series(1, ${copies}) g WHERE c."workspaceId" = '${workspace.id}' AND c."id" <> '${big.id}'`;
  for (const table of tables) await copy(table, paid, others(paidCopiesPerCustomer));
  for (const table of tables) await copy(table, open.slice(0, 2), others(1));
  await db.$executeRawUnsafe(`ANALYZE`);

  await settleOutbox(db);
  const invoices = await db.invoice.count({ where: { workspaceId: workspace.id } });
  const ofBigClient = await db.invoice.count({ where: { customerId: big.id } });
  const { signingKeys } = resolveSecrets(env);
  const { token } = await issuePortalToken(db, signingKeys, { workspaceId: workspace.id, customerId: big.id, ttlDays: 1 }, new Date());
  process.stdout.write(JSON.stringify({ portal: portalUrl(publicUrl(env), token), customers, invoices, ofBigClient }));
} finally {
  await database.close();
}
