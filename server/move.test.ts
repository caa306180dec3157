import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "#app/platform/config/env.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import { openDatabase } from "#app/platform/db/database.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";
import { countRows, tablesInOrder } from "#app/platform/db/tables.server.ts";
import { loadDemo } from "#server/demo.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import { issuePortalToken, verifyPortalToken } from "#app/portal/access.server.ts";
import { testClock } from "#tests/clock.ts";
import { createServerDatabase } from "#tests/database.ts";
import { runCli } from "./cli/run.ts";

const serverUrl = process.env.TEST_DATABASE_URL;
const root = mkdtempSync(join(tmpdir(), "remit-move-"));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(root, { recursive: true, force: true });
});

async function remit(env: ReturnType<typeof parseEnv>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe.runIf(serverUrl)("remit move --to postgresql://…", () => {
  it("carries every row to an empty PostgreSQL database, keeps links valid, verifies counts, and refuses a database that is not empty", async () => {
    const now = testClock().now();
    const env = parseEnv({ DATA_DIR: join(root, "data"), PUBLIC_URL: "http://remit.test", LOG_LEVEL: "silent" });
    const keys = resolveSecrets(env).signingKeys; // generated into DATA_DIR/secrets.json, as on a first start
    const source = await openDatabase({ dataDir: env.DATA_DIR });
    await migrate(source);
    const demo = await loadDemo(source.prisma, now);
    const customer = demo!.customers[0]!;
    const logo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    await source.prisma.workspace.update({ where: { id: demo!.workspaceId }, data: { logoPng: logo } });
    const { token } = await issuePortalToken(source.prisma, keys, { workspaceId: demo!.workspaceId, customerId: customer.id, ttlDays: 90 }, now);
    const expected = await source.withSession(async (session) => countRows(session, await tablesInOrder(session)));
    // What the database's triggers keep is copied, not counted again as the rows arrive (decision 175).
    const records = await source.prisma.payingRecord.findMany({ orderBy: { customerId: "asc" } });
    const versions = await source.prisma.customer.findMany({ orderBy: { id: "asc" }, select: { id: true, portalVersion: true } });
    await source.close();

    const { url, drop } = await createServerDatabase(serverUrl!);
    cleanups.push(drop);
    const moved = await remit(env, "move", "--to", url);
    expect(moved).toMatchObject({ code: 0, err: "" });
    expect(moved.out).toContain("every table's count matches");
    const keysFile = join(env.DATA_DIR, "postgresql.env");
    expect(moved.out).toContain(`Start every instance with the variables in ${keysFile}`);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);

    const variables = Object.fromEntries(
      readFileSync(keysFile, "utf8")
        .trim()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    const movedEnv = parseEnv({ ...variables, LOG_LEVEL: "silent" });
    expect(movedEnv.DATABASE_URL).toBe(url);
    const target = await openDatabase({ databaseUrl: url, dataDir: "" });
    try {
      const counts = await target.withSession(async (session) => countRows(session, await tablesInOrder(session)));
      expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(expected));
      for (const table of ["Workspace", "Customer", "Invoice", "LineItem", "Payment", "OutboxEvent", "Delivery"])
        expect(counts.get(table), table).toBeGreaterThan(0);
      expect((await target.prisma.workspace.findUniqueOrThrow({ where: { id: demo!.workspaceId } })).logoPng).toEqual(logo);
      expect(records.length).toBeGreaterThan(0);
      expect(await target.prisma.payingRecord.findMany({ orderBy: { customerId: "asc" } })).toEqual(records);
      expect(await target.prisma.customer.findMany({ orderBy: { id: "asc" }, select: { id: true, portalVersion: true } })).toEqual(versions);
      expect(await verifyPortalToken(target.prisma, resolveSecrets(movedEnv).signingKeys, token, now)).toMatchObject({
        ok: true,
        access: { customerId: customer.id },
      });
      // Sequences go on after the rows copied.
      const last = await target.prisma.outboxEvent.aggregate({ _max: { sequence: true } });
      await emit(target.prisma, { type: "invoice.voided", workspaceId: demo!.workspaceId, aggregateId: "x", payload: { invoiceId: "x" } }, now);
      const next = await target.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: "x" } });
      expect(next.sequence).toBe((last._max.sequence ?? 0n) + 1n);
    } finally {
      await target.close();
    }

    const again = await remit(env, "move", "--to", url);
    expect(again).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^The database .* is not empty \(.*Workspace \d+.*\): move needs an empty database\. Nothing was copied\.$/),
    });
    expect(await remit(env, "move", "--to", "mysql://nope")).toMatchObject({ code: 1, err: expect.stringContaining("--to must be a PostgreSQL URL") });
  }, 180_000);
});
