import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { DataDirInUseError } from "#app/platform/db/data-dir-lock.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { migrate, readMigrations } from "#app/platform/db/migrate.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import type { DeliveredEvent } from "#app/ports/events.ts";
import { openShared, sharedDatabase } from "#tests/database.ts";
import { aNotionConnection, anInvoice, aVendor } from "#tests/fixtures.ts";
import { runChild, waitForFile } from "#tests/processes/run.ts";

const serverUrl = process.env.TEST_DATABASE_URL;

async function appliedMigrations(database: Database) {
  return database.withSession((session) =>
    session.query<{ migration_name: string; finished_at: Date | null }>(`SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`),
  );
}

describe("migrations", { timeout: 90_000 }, () => {
  it("applied twice end in one state; the second run applies nothing", async () => {
    const database = await openShared(await sharedDatabase());
    onTestFinished(() => database.close());
    const all = (await readMigrations()).map((m) => m.name);
    expect(await migrate(database)).toEqual({ applied: all, alreadyApplied: 0, changed: [] });
    expect(await migrate(database)).toEqual({ applied: [], alreadyApplied: all.length, changed: [] });
    expect((await appliedMigrations(database)).map((row) => row.migration_name)).toEqual(all);
  });

  it.runIf(serverUrl)("started by two processes at once apply each migration exactly once", async () => {
    const target = await sharedDatabase();
    const [first, second] = await Promise.all([runChild("migrate-child.ts", [target]).exited, runChild("migrate-child.ts", [target]).exited]);
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
    const reports = [JSON.parse(first.stdout), JSON.parse(second.stdout)];
    const all = (await readMigrations()).map((m) => m.name);
    expect(reports.flatMap((report) => report.applied).sort()).toEqual(all);
    const database = await openShared(target);
    onTestFinished(() => database.close());
    const rows = await appliedMigrations(database);
    expect(rows.map((row) => row.migration_name)).toEqual(all);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it.skipIf(serverUrl)("refuses a second process on the embedded database with a clear message", async () => {
    const target = await sharedDatabase();
    const database = await openShared(target);
    onTestFinished(() => database.close());
    const other = await runChild("migrate-child.ts", [target]).exited;
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain("is in use by another Remit process");
    await expect(openShared(target)).rejects.toBeInstanceOf(DataDirInUseError);
  });

  it("rolls back a failing migration and reports it, applying nothing of it", async () => {
    const database = await openShared(await sharedDatabase());
    onTestFinished(() => database.close());
    const dir = mkdtempSync(join(tmpdir(), "remit-migrations-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(join(dir, "001_ok"));
    writeFileSync(join(dir, "001_ok", "migration.sql"), 'CREATE TABLE "Kept" ("id" INT);');
    mkdirSync(join(dir, "002_bad"));
    writeFileSync(join(dir, "002_bad", "migration.sql"), 'CREATE TABLE "Half" ("id" INT);\nSELECT * FROM "nowhere";');
    await expect(migrate(database, { dir })).rejects.toThrow('Migration 002_bad failed and was rolled back: relation "nowhere" does not exist');
    const tables = await database.withSession((s) =>
      s.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('Kept', 'Half')`),
    );
    expect(tables.map((t) => t.table_name)).toEqual(["Kept"]);
    expect((await appliedMigrations(database)).map((row) => row.migration_name)).toEqual(["001_ok"]);
  });
});

describe("a dispatcher killed mid-delivery", () => {
  it("loses nothing: after the lease, another dispatcher delivers every event", async () => {
    const target = await sharedDatabase();
    let database = await openShared(target);
    await migrate(database);
    const received: DeliveredEvent[] = [];
    const { workspace, customer } = await aVendor(database.prisma);
    // A workspace that mirrors into Notion: its invoice's events get "notion" deliveries.
    await aNotionConnection(database.prisma, workspace.id, new Date(0));
    const invoice = await anInvoice(database.prisma, workspace.id, customer.id);
    const emitted = await database.prisma.outboxEvent.findMany({ where: { aggregateId: invoice.id }, orderBy: { sequence: "asc" } });
    expect(emitted.map((e) => e.type)).toEqual(["invoice.created", "invoice.issued"]);
    if (!serverUrl) await database.close(); // the embedded database belongs to one process at a time

    const marker = join(tmpdir(), `remit-marker-${process.pid}-${Date.now()}`);
    onTestFinished(() => rmSync(marker, { force: true }));
    const child = runChild("dispatch-child.ts", [target, marker]);
    await waitForFile(marker);
    expect(readFileSync(marker, "utf8")).toBe(emitted[0]!.id);
    child.child.kill("SIGKILL");
    expect((await child.exited).signal).toBe("SIGKILL");

    if (!serverUrl) database = await openShared(target);
    onTestFinished(() => database.close());
    const inFlight = await database.prisma.delivery.findMany({ where: { subscriber: "notion" } });
    expect(inFlight.every((d) => d.status === "pending")).toBe(true);
    const afterLease = new Date(Date.now() + 61_000);
    const survivor = createDispatcher(database.prisma, {
      subscribers: [{ name: "notion", deliver: async (event) => void received.push(event) }],
      now: () => afterLease,
    });
    await survivor.runOnce();
    await survivor.runOnce();
    expect(received.map((event) => event.type)).toEqual(["invoice.created", "invoice.issued"]);
    const deliveries = await database.prisma.delivery.findMany({ where: { subscriber: "notion" }, include: { event: true } });
    expect(deliveries.map((d) => [d.event.type, d.status])).toEqual(
      expect.arrayContaining([
        ["invoice.created", "delivered"],
        ["invoice.issued", "delivered"],
      ]),
    );
  }, 90_000); // two process starts and two database opens: slow on a loaded two-core machine
});
