import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { setImmediate as nextTurn } from "node:timers/promises";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { parseEnv, type Env } from "#app/platform/config/env.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import { openDatabase } from "#app/platform/db/database.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";
import { issuePortalToken, verifyPortalToken } from "#app/portal/access.server.ts";
import { testClock } from "#tests/clock.ts";
import { aCustomer, aVendor } from "#tests/fixtures.ts";
import { answerBackups } from "./backup.ts";
import { runCli } from "./cli/run.ts";

const root = mkdtempSync(join(tmpdir(), "remit-backup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const envFor = (dataDir: string) => parseEnv({ DATA_DIR: dataDir, PUBLIC_URL: "http://remit.test", LOG_LEVEL: "silent" });

async function remit(env: Env, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

it("backs up a running embedded database while it is written to; the restore has every acknowledged row, and old links work", async () => {
  const now = testClock().now();
  const env = envFor(join(root, "data"));
  // The serving process: the database open, its generated keys in DATA_DIR, answering backups.
  const database = await openDatabase({ dataDir: env.DATA_DIR });
  await migrate(database);
  const keys = resolveSecrets(env).signingKeys;
  const stopAnswering = await answerBackups(database);
  const db = database.prisma;
  const { workspace, customer } = await aVendor(db);
  const { token } = await issuePortalToken(db, keys, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 90 }, now);

  const acknowledged: string[] = [];
  let writing = true;
  const writer = (async () => {
    // One write after another, as requests arrive (the embedded database answers without I/O: let the loop turn).
    while (writing) {
      acknowledged.push((await aCustomer(db, workspace.id)).id);
      await nextTurn();
    }
  })();
  await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
  const before = acknowledged.length;
  const backupDir = join(root, "backup");
  const backedUp = await remit(env, "backup", "--to", backupDir);
  const after = acknowledged.length;
  await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThan(after); // writes go on
  writing = false;
  await writer;
  expect(backedUp).toMatchObject({ err: "", code: 0, out: expect.stringContaining(`from the running server into ${backupDir}`) });
  expect(statSync(join(backupDir, "secrets.json")).mode & 0o777).toBe(0o600);
  expect(await remit(env, "backup", "--to", backupDir)).toMatchObject({ code: 1, err: expect.stringContaining("is not empty") });
  await stopAnswering();
  await database.close();

  const restoredEnv = envFor(join(root, "restored"));
  const restored = await remit(restoredEnv, "restore", backupDir);
  expect(restored).toMatchObject({ code: 0, out: expect.stringContaining("Its keys are in place") });
  expect(readFileSync(join(restoredEnv.DATA_DIR, "secrets.json"), "utf8")).toBe(readFileSync(join(env.DATA_DIR, "secrets.json"), "utf8"));
  expect(await remit(restoredEnv, "restore", backupDir)).toMatchObject({ code: 1, err: expect.stringContaining("is not empty") });

  const copy = await openDatabase({ dataDir: restoredEnv.DATA_DIR });
  try {
    const kept = new Set((await copy.prisma.customer.findMany({ where: { workspaceId: workspace.id, id: { not: customer.id } } })).map((row) => row.id));
    // A consistent snapshot: every write acknowledged before the backup began, and then an unbroken run of later ones.
    expect(kept.size).toBeGreaterThanOrEqual(before);
    expect(kept.size).toBeLessThanOrEqual(after + 1);
    expect([...kept].sort()).toEqual(acknowledged.slice(0, kept.size).sort());
    const verified = await verifyPortalToken(copy.prisma, resolveSecrets(restoredEnv).signingKeys, token, now);
    expect(verified).toMatchObject({ ok: true, access: { customerId: customer.id } });
  } finally {
    await copy.close();
  }
}, 120_000); // two database opens and a snapshot of a few MB on a loaded two-core machine

it("takes the snapshot itself when no server runs, and refuses PostgreSQL in words", async () => {
  const env = envFor(join(root, "idle"));
  const database = await openDatabase({ dataDir: env.DATA_DIR });
  await migrate(database);
  await aVendor(database.prisma);
  await database.close();
  expect(await remit(env, "backup", "--to", join(root, "idle-backup"))).toMatchObject({
    code: 0,
    out: expect.stringContaining("from the data directory (no server was running)"),
  });
  expect(await remit(env, "backup")).toMatchObject({ code: 2, err: expect.stringContaining("--to is required.") });
  const onServer = parseEnv({
    DATABASE_URL: "postgresql://remit@db.example:5432/remit",
    PORTAL_SIGNING_KEYS: `k:${"s".repeat(40)}`,
    ENCRYPTION_KEY: "e".repeat(40),
    LOG_LEVEL: "silent",
  });
  expect(await remit(onServer, "backup", "--to", join(root, "pg"))).toMatchObject({ code: 1, err: expect.stringContaining("use pg_dump and pg_restore") });
}, 90_000);
