import { describe, expect, it } from "vitest";
import { cliDatabase, idIn } from "#tests/cli.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { testClock } from "#tests/clock.ts";

const cli = cliDatabase({}, testClock());
const { remit } = cli;
describe("remit recurring and invoice split", () => {
  it("creates a schedule from lines or from an invoice, lists, pauses, resumes, changes the next amount and stops it", async () => {
    const db = cli.db;
    const { workspace, customer } = await aVendor(db, { timezone: "Europe/Paris", defaultCurrency: "EUR", locale: "fr-FR" });
    const made = await remit(
      "recurring",
      "create",
      "--workspace",
      workspace.id,
      "--customer",
      customer.id,
      "--line",
      "Maintenance|1|450,00",
      "--tax",
      "20",
      "--frequency",
      "monthly",
      "--day",
      "31",
      "--end-after",
      "12",
      "--name",
      "Maintenance",
    );
    expect(made).toMatchObject({ code: 0, out: expect.stringContaining("active    Maintenance") });
    // Nov 30 (the last day of November), 450,00 € + 20 %.
    expect(made.out).toMatch(/next 2026-11-30 for 540,00\s€, 0 of 12 issued/);
    const id = idIn(made.out);

    const invoice = await anInvoice(db, workspace.id, customer.id);
    const copied = await remit(
      "recurring",
      "create",
      "--workspace",
      workspace.id,
      "--from",
      invoice.number,
      "--frequency",
      "quarterly",
      "--start",
      "2027-01-01",
    );
    expect(copied.out).toMatch(/quarterly\): next 2027-01-01 for 1\s200,00\s€/);

    expect((await remit("recurring", "list", "--workspace", workspace.id)).out.split("\n")).toHaveLength(2);
    expect((await remit("recurring", "pause", id, "--workspace", workspace.id)).out).toContain("paused");
    expect((await remit("recurring", "pause", id, "--workspace", workspace.id)).code).not.toBe(0);
    expect((await remit("recurring", "list", "--workspace", workspace.id, "--status", "paused")).out).toContain(id);
    expect((await remit("recurring", "resume", id, "--workspace", workspace.id)).out).toContain("active");
    expect((await remit("recurring", "amount", id, "--workspace", workspace.id, "--amount", "100,00")).out).toMatch(/for 120,00\s€/);
    expect((await remit("recurring", "amount", id, "--workspace", workspace.id, "--clear")).out).toMatch(/for 540,00\s€/);
    expect((await remit("recurring", "stop", id, "--workspace", workspace.id)).out).toContain("stopped");
    expect(
      (await remit("recurring", "create", "--workspace", workspace.id, "--customer", customer.id, "--line", "X|1|1", "--frequency", "fortnightly")).code,
    ).toBe(2);
  });

  it("splits an invoice into parts or equal parts, refuses a wrong sum in words, and undoes it", async () => {
    const db = cli.db;
    const { workspace, customer } = await aVendor(db);
    const invoice = await anInvoice(db, workspace.id, customer.id); // $1,200.00
    const wrong = await remit("invoice", "split", invoice.number, "--workspace", workspace.id, "--part", "300.00|2026-11-21", "--part", "800|2026-12-21");
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain("The parts add up to $1,100.00: $100.00 less than the invoice's $1,200.00");
    const split = await remit("invoice", "split", invoice.number, "--workspace", workspace.id, "--part", "300.00|2026-11-21", "--part", "900|2026-12-21");
    expect(split.out).toContain("into 2 parts");
    const equal = await remit("invoice", "split", invoice.id, "--workspace", workspace.id, "--equal", "3", "--first-due", "2026-12-31");
    expect(equal.out.split("\n").slice(1)).toEqual([
      "  1.        $400.00  due 2026-12-31",
      "  2.        $400.00  due 2027-01-31",
      "  3.        $400.00  due 2027-02-28",
    ]);
    expect((await remit("invoice", "split", invoice.number, "--workspace", workspace.id, "--clear")).out).toContain("one amount again");
    expect(await db.instalment.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });
});
