// Seeds a workspace at scale for the `scale` benchmark and prints what it made as JSON on stdout:
// 1,000 customers and about 100,000 invoices, one client with 2,000 of them. Twenty-four invoices
// are made through the domain as the portal and Slack make them (lines, tax, issue, payments, a
// client's view, drafts, voids with their credit notes); the rest are copies of those made by SQL,
// column for column and spread back over five years, so that seeding takes a minute instead of
// hours and every copy is a row the domain itself wrote.
//
// The copies are made in one transaction with the portal-version triggers of the copied tables
// switched off (decision 162): they would bump a customer's row once per invoice and payment, a
// hundred thousand updates, the big client's row thousands of times. What they would have done
// is then done once per customer (its version moved on by the rows it gained), and the numbers
// are given in date order, as the workspace's counters would have. The paying records the
// database keeps as invoices are paid (decision 175) are counted once at the end the same way.
import { publicUrl } from "#app/platform/config/env.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";
import { seed } from "./seeding.ts";
import { settleOutbox } from "./settle-outbox.ts";
import { createCustomer } from "#app/billing/customers.server.ts";
import { createInvoice, recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { recordActivity } from "#app/billing/activity.server.ts";
import { issuePortalToken, portalUrl } from "#app/portal/access.server.ts";
import { createWorkspace } from "#app/billing/workspaces.server.ts";

const customers = Number(process.argv[2] ?? 1000);
const bigClientInvoices = Number(process.argv[3] ?? 2000);
/** Copies of each paid template per other customer: with two open, a draft and a void, 104 invoices a customer. */
const paidCopiesPerCustomer = 10;

/**
 * The tables copied, the column that ties a row to its template invoice, the portal trigger the
 * copy stands in for, and the other triggers whose effect is applied once at the end.
 */
const tables = {
  Invoice: { key: "id", trigger: "Invoice_portal_version", alsoOff: ["Invoice_paying_record"] },
  LineItem: { key: "invoiceId", trigger: null, alsoOff: [] },
  Payment: { key: "invoiceId", trigger: "Payment_portal_version", alsoOff: [] },
  CreditNote: { key: "invoiceId", trigger: "CreditNote_portal_version", alsoOff: [] },
  ActivityEvent: { key: "invoiceId", trigger: null, alsoOff: [] },
} as const;
const triggersOff = Object.entries(tables).flatMap(([table, { trigger, alsoOff }]) =>
  [...(trigger ? [trigger] : []), ...alsoOff].map((name) => ({ table, name })),
);
type Table = keyof typeof tables;

// Copying a hundred thousand rows in one transaction takes longer than a request may.
const timeouts = { queryMs: 600_000 };
await seed(async ({ db, env }) => {
  const workspace = await createWorkspace(db, { name: "Studio at Scale", defaultCurrency: "EUR", timezone: "Europe/Berlin" });
  const big = await createCustomer(db, workspace.id, { name: "Grosskunde AG", email: "ap@grosskunde.example", locale: "de-DE" });
  const templates = { paid: [] as string[], overdue: [] as string[], current: [] as string[], draft: [] as string[], void: [] as string[] };
  for (let i = 0; i < 24; i++) {
    const kind = i >= 22 ? "void" : i >= 20 ? "draft" : i % 2 === 1 ? "paid" : i % 4 === 0 ? "overdue" : "current";
    const invoice = await createInvoice(
      db,
      workspace.id,
      {
        customerId: big.id,
        issue: kind !== "draft",
        issueDate: "2026-06-01",
        dueDate: kind === "overdue" ? "2026-07-01" : "2027-01-31",
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
    const subject = { workspaceId: workspace.id, customerId: big.id, invoiceId: invoice.id };
    if (kind !== "draft") await recordActivity(db, subject, "invoice_viewed", new Date());
    if (kind === "paid")
      await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "bank transfer" }, new Date());
    if (kind === "void") await voidInvoice(db, workspace.id, invoice.id, new Date(), undefined, "Doppelt gestellt");
    templates[kind].push(invoice.id);
  }
  for (let i = 1; i < customers; i++) await createCustomer(db, workspace.id, { name: `Kunde ${i}`, email: `kunde${i}@example.com`, locale: "de-DE" });

  await db.$transaction(async (tx) => copyTemplates(tx, workspace.id, big.id, templates), { maxWait: 10_000, timeout: 1_200_000 });
  // As autovacuum would have long since done: the renumbering's old row versions cleared, and statistics taken.
  await db.$executeRawUnsafe(`VACUUM ANALYZE`);

  await settleOutbox(db);
  const invoices = await db.invoice.count({ where: { workspaceId: workspace.id } });
  const ofBigClient = await db.invoice.count({ where: { customerId: big.id } });
  const { signingKeys } = resolveSecrets(env);
  const { token } = await issuePortalToken(db, signingKeys, { workspaceId: workspace.id, customerId: big.id, ttlDays: 1 }, new Date());
  return { portal: portalUrl(publicUrl(env), token), customers, invoices, ofBigClient };
}, timeouts);

async function copyTemplates(tx: Tx, workspaceId: string, bigId: string, templates: Record<"paid" | "overdue" | "current" | "draft" | "void", string[]>) {
  for (const { table, name } of triggersOff) await tx.$executeRawUnsafe(`ALTER TABLE "${table}" DISABLE TRIGGER "${name}"`);
  // The rows each customer gains that a trigger would have bumped its portal version for.
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE seed_bumps ("customerId" text, rows int) ON COMMIT DROP`);

  const columns = async (table: Table) =>
    tx.$queryRawUnsafe<{ column_name: string; data_type: string }[]>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      table,
    );
  /**
   * Copies `table`'s rows of the `from` invoices once per row of `copies`, which names each
   * copy's `suffix` and `customerId`, and its age: `ageDays`, plus `spread` days for each template
   * after the first, taken off every date and time of the row. Every other column stays as the
   * domain wrote it.
   */
  async function copy(table: Table, from: string[], copies: string) {
    const { key, trigger } = tables[table];
    const age = `make_interval(days => copies."ageDays" + copies."spread" * (array_position($1::text[], src."${key}") - 1))`;
    const own: Record<string, string> = {
      id: `src."id" || copies.suffix`,
      ...(table === "Invoice" ? { number: `src."number" || copies.suffix`, sourceKey: "NULL" } : {}),
      ...(table === "Invoice" || table === "ActivityEvent" || table === "Payment" ? { customerId: `copies."customerId"` } : {}),
      ...(table === "Invoice" ? {} : { invoiceId: `src."invoiceId" || copies.suffix` }),
      ...(table === "Payment" ? { receiptNumber: `src."receiptNumber" || copies.suffix` } : {}),
      ...(table === "CreditNote" ? { number: `src."number" || copies.suffix` } : {}),
    };
    const names = await columns(table);
    const list = names.map(({ column_name }) => `"${column_name}"`).join(", ");
    const values = names
      .map(({ column_name: name, data_type: type }) => own[name] ?? (/^(date|timestamp)/.test(type) ? `src."${name}" - ${age}` : `src."${name}"`))
      .join(", ");
    const insert = `INSERT INTO "${table}" (${list}) SELECT ${values} FROM "${table}" src CROSS JOIN (${copies}) copies WHERE src."${key}" = ANY($1::text[])`;
    if (!trigger) await tx.$executeRawUnsafe(insert, from);
    else
      await tx.$executeRawUnsafe(
        table === "Invoice"
          ? `WITH copied AS (${insert} RETURNING "customerId") INSERT INTO seed_bumps SELECT "customerId", count(*) FROM copied GROUP BY 1`
          : `WITH copied AS (${insert} RETURNING "invoiceId") INSERT INTO seed_bumps SELECT i."customerId", count(*) FROM copied JOIN "Invoice" i ON i."id" = copied."invoiceId" GROUP BY 1`,
        from,
      );
  }
  const copyAll = async (from: string[], copies: string) => {
    for (const table of Object.keys(tables) as Table[]) await copy(table, from, copies);
  };
  // The big client: its paid invoices back to `bigClientInvoices`, one a day.
  const bigCopies = Math.ceil((bigClientInvoices - 24) / templates.paid.length);
  await copyAll(
    templates.paid,
    `SELECT '-b' || g AS suffix, '${bigId}' AS "customerId", (g - 1) * ${templates.paid.length} + 1 AS "ageDays", 1 AS spread FROM generate_series(1, ${bigCopies}) g`,
  );
  // Every other customer: `paidCopiesPerCustomer` copies of each paid template over five years, an
  // overdue and a current open invoice, a draft and a void, each customer's a few days apart.
  const others = (copies: number, ageDays: string, spread: number) =>
    `SELECT '-' || c."n" || '-' || g AS suffix, c."id" AS "customerId", ${ageDays} AS "ageDays", ${spread} AS spread
     FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "Customer" WHERE "workspaceId" = '${workspaceId}' AND "id" <> '${bigId}') c
     CROSS JOIN generate_series(1, ${copies}) g`;
  const spread = 18;
  await copyAll(templates.paid, others(paidCopiesPerCustomer, `((g - 1) * ${templates.paid.length}) * ${spread} + (c."n" % ${spread})::int`, spread));
  await copyAll(templates.overdue.slice(0, 1), others(1, `(c."n" % 45)::int`, 0));
  await copyAll(templates.current.slice(0, 1), others(1, `(c."n" % 45)::int`, 0));
  await copyAll(templates.draft.slice(0, 1), others(1, `(c."n" % 30)::int`, 0));
  await copyAll(templates.void.slice(0, 1), others(1, `(c."n" % 90)::int`, 0));

  // Numbers in date order, as the counters would have given them (the templates' own first, out of the way).
  async function renumber(table: "Invoice" | "CreditNote", prefix: string, counter: string, date: string) {
    await tx.$executeRawUnsafe(`UPDATE "${table}" SET "number" = '#' || "id" WHERE "workspaceId" = $1 AND length("id") = 36`, workspaceId);
    await tx.$executeRawUnsafe(
      `UPDATE "${table}" t SET "number" = w."${prefix}" || lpad(r.n::text, greatest(4, length(r.n::text)), '0')
       FROM (SELECT "id", row_number() OVER (ORDER BY "${date}", "id") AS n FROM "${table}" WHERE "workspaceId" = $1) r, "Workspace" w
       WHERE t."id" = r."id" AND w."id" = $1`,
      workspaceId,
    );
    await tx.$executeRawUnsafe(`UPDATE "Workspace" SET "${counter}" = (SELECT count(*) FROM "${table}" WHERE "workspaceId" = $1) WHERE "id" = $1`, workspaceId);
  }
  await renumber("Invoice", "invoicePrefix", "lastInvoiceNumber", "issueDate");
  await renumber("CreditNote", "creditNotePrefix", "lastCreditNoteNumber", "issuedAt");
  await tx.$executeRawUnsafe(
    `UPDATE "Payment" p SET "receiptNumber" = i."number" || '-' || p."sequence" FROM "Invoice" i WHERE i."id" = p."invoiceId" AND p."workspaceId" = $1`,
    workspaceId,
  );

  for (const { table, name } of triggersOff) await tx.$executeRawUnsafe(`ALTER TABLE "${table}" ENABLE TRIGGER "${name}"`);
  // What the triggers would have done, once: each customer's version moved on by the rows it gained.
  await tx.$executeRawUnsafe(
    `UPDATE "Customer" c SET "portalVersion" = c."portalVersion" + b.rows FROM (SELECT "customerId", sum(rows)::int AS rows FROM seed_bumps GROUP BY 1) b WHERE c."id" = b."customerId"`,
  );
  // Each customer's paying record, counted once from every paid invoice as the trigger would have added them up.
  await tx.$executeRawUnsafe(
    `INSERT INTO "PayingRecord" ("customerId", "workspaceId", "paid", "daysToPay", "paidLate", "daysLate", "timezone", "latePaidDays")
     SELECT r."customerId", w."id", r."paid", r."daysToPay", r."paidLate", r."daysLate", w."timezone", w."riskLatePaidDays"
     FROM "Workspace" w CROSS JOIN LATERAL "remit_paying_records"(w."id", w."timezone", w."riskLatePaidDays", NULL) r WHERE w."id" = $1
     ON CONFLICT ("customerId") DO UPDATE SET "paid" = EXCLUDED."paid", "daysToPay" = EXCLUDED."daysToPay", "paidLate" = EXCLUDED."paidLate", "daysLate" = EXCLUDED."daysLate"`,
    workspaceId,
  );
}
