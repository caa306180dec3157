import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { cliDatabase } from "#tests/cli.ts";

const cli = cliDatabase();
const { remit } = cli;

it("prints receivables by age per currency and writes the open invoices as CSV", async () => {
  const db = cli.db;
  const workspace = await aWorkspace(db, { name: "Northwind", timezone: "Europe/Berlin" });
  const customer = await aCustomer(db, workspace.id, { name: "Acme, Inc." });
  // Dates far from whatever day the command runs on: long overdue, and due in the next century.
  const old = await anInvoice(db, workspace.id, customer.id, { issueDate: "2020-01-01", dueDate: "2020-01-31" });
  const future = await anInvoice(db, workspace.id, customer.id, { issueDate: "2020-01-01", dueDate: "2100-01-01", currency: "EUR" });

  const csv = join(mkdtempSync(join(tmpdir(), "remit-aging-")), "aging.csv");
  const run = await remit("report", "aging", "--workspace", workspace.id, "--csv", csv);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/^Receivables of Northwind on \d{4}-\d{2}-\d{2} \(Europe\/Berlin\)/);
  const printed = run.out.replace(/ +/g, " ");
  expect(printed).toContain("EUR\n Current €1,200.00\n 1–30 days €0.00\n 31–60 days €0.00\n 61–90 days €0.00\n 90+ days €0.00\n Total €1,200.00");
  expect(printed).toContain("USD\n Current $0.00\n 1–30 days $0.00\n 31–60 days $0.00\n 61–90 days $0.00\n 90+ days $1,200.00\n Total $1,200.00");
  expect(printed).toMatch(new RegExp(`At risk: 2\n ${old.number} Acme, Inc\\. \\$1,200\\.00: not opened \\d+ days after it was sent`));
  expect(run.out).toContain(`Wrote 2 open invoice(s) to ${csv}.`);
  const rows = readFileSync(csv, "utf8").split("\r\n");
  expect(rows[0]).toBe("Invoice,Customer,Currency,Issued,Due,Days overdue,Age,Balance due,Engagement,Reasons");
  // Issued at the suite's time and never opened: at risk on any day the command runs.
  expect(rows.find((row) => row.startsWith(future.number))).toMatch(
    new RegExp(`^${future.number},"Acme, Inc.",EUR,2020-01-01,2100-01-01,0,current,1200.00,At risk,not opened \\d+ days after it was sent$`),
  );
  expect(rows.find((row) => row.startsWith(old.number))).toMatch(
    new RegExp(`^${old.number},"Acme, Inc.",USD,2020-01-01,2020-01-31,\\d+,90\\+,1200.00,At risk,not opened \\d+ days after it was sent$`),
  );

  expect(await remit("report", "aging")).toMatchObject({ code: 2 });
});
