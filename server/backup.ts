import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { Env } from "#app/platform/config/env.server.ts";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { openDatabase, type Database } from "#app/platform/db/database.server.ts";
import { createPrivateDir } from "#app/platform/db/private-files.server.ts";
import { restoreSnapshot } from "#app/platform/db/snapshot.server.ts";
import { countRows, tablesInOrder } from "#app/platform/db/tables.server.ts";
import { version } from "./boot.ts";
import { Refused } from "./refused.ts";

/**
 * `remit backup` and `remit restore` for the embedded database. A running server answers
 * backup requests on a socket of its own (owner-only), so a snapshot is taken by the one process
 * that has the database open, while it serves.
 */

/**
 * The socket of the server on `dataDir`, named after the directory. Not inside it: the snapshot
 * copies the whole directory, which cannot hold a socket (and a short path suits every system).
 */
function socketPath(dataDir: string): string {
  return join(tmpdir(), `remit-${createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 16)}.sock`);
}
const databaseFile = "database.tar.gz";
const secretsFile = "secrets.json";
const manifestFile = "manifest.json";

const manifestSchema = z.object({
  remit: z.string(),
  createdAt: z.string(),
  database: z.literal(databaseFile),
  /** Null when the keys came from PORTAL_SIGNING_KEYS and ENCRYPTION_KEY, which the operator keeps. */
  secrets: z.literal(secretsFile).nullable(),
});

/** The running server's side: answers `backup` on DATA_DIR/remit.sock with a snapshot. Returns how to stop. */
export async function answerBackups(database: Database): Promise<() => Promise<void>> {
  const { snapshot } = database;
  if (!snapshot || database.location === "memory") return async () => {};
  const path = socketPath(database.location);
  rmSync(path, { force: true }); // left by a process that was killed: the data directory's lock says this one owns it
  const server = createServer((socket) => {
    let request = "";
    socket.setEncoding("latin1");
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: string) => {
      request += chunk;
      if (!request.includes("\n")) return;
      if (request.trim() !== "backup") {
        socket.end(`${JSON.stringify({ ok: false, error: "unknown request" })}\n`);
        return;
      }
      snapshot().then(
        (bytes) => {
          log.info("Backup snapshot taken", { bytes: bytes.length });
          socket.write(`${JSON.stringify({ ok: true, bytes: bytes.length })}\n`);
          socket.end(bytes);
        },
        (error: unknown) => {
          log.error("Backup snapshot failed", { error: errorMessage(error) });
          socket.end(`${JSON.stringify({ ok: false, error: errorMessage(error) })}\n`);
        },
      );
    });
  });
  try {
    await new Promise<void>((done, fail) => {
      server.once("error", fail);
      server.listen(path, done);
    });
    chmodSync(path, 0o600);
  } catch (error) {
    log.warn("`remit backup` cannot reach this server (its socket could not be opened); back up with the server stopped", { path, error: errorMessage(error) });
    return async () => {};
  }
  return () =>
    new Promise<void>((done) => {
      server.close(() => {
        rmSync(path, { force: true });
        done();
      });
    });
}

const answerSchema = z.union([z.object({ ok: z.literal(true), bytes: z.number().int() }), z.object({ ok: z.literal(false), error: z.string() })]);

/** A snapshot from the server running on `dataDir`, or null when none is running there. */
function snapshotFromServer(dataDir: string): Promise<Uint8Array | null> {
  return new Promise((done, fail) => {
    const socket = connect(socketPath(dataDir));
    const chunks: Buffer[] = [];
    socket.on("connect", () => socket.write("backup\n"));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ECONNREFUSED") done(null);
      else fail(error);
    });
    socket.on("end", () => {
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(10);
      let answer: z.infer<typeof answerSchema>;
      try {
        answer = answerSchema.parse(JSON.parse(all.subarray(0, newline).toString("utf8")));
      } catch {
        return fail(new Refused("The running server gave no snapshot (is it a Remit of this version?); nothing was kept."));
      }
      if (!answer.ok) return fail(new Refused(`The running server could not take the snapshot: ${answer.error}`));
      const bytes = all.subarray(newline + 1);
      if (bytes.length !== answer.bytes)
        return fail(new Refused(`The snapshot arrived incomplete (${bytes.length} of ${answer.bytes} bytes); nothing was kept. Try again.`));
      done(new Uint8Array(bytes));
    });
  });
}

function embeddedDataDir(env: Env, what: string): string {
  if (env.DATABASE_URL) {
    throw new Refused(
      `${what} is for the embedded database; with DATABASE_URL set, use pg_dump and pg_restore and keep PORTAL_SIGNING_KEYS and ENCRYPTION_KEY with the dump (docs/operations.md, "Backup and restore").`,
    );
  }
  return resolve(env.DATA_DIR);
}

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Writes a backup of the embedded database into the new directory `to`: a consistent snapshot
 * (from the running server, or from the data directory when none runs), the generated keys, and
 * a manifest. Returns what it says to the operator.
 */
export async function backup(env: Env, to: string, now: Date): Promise<string[]> {
  const dataDir = embeddedDataDir(env, "remit backup");
  if (!existsSync(join(dataDir, "PG_VERSION"))) throw new Refused(`There is no embedded database in ${dataDir} (DATA_DIR) to back up.`);
  const target = resolve(to);
  if (!isEmptyDir(target)) throw new Refused(`${target} is not empty: name a new directory for the backup. Nothing was written.`);
  let snapshot = await snapshotFromServer(dataDir);
  const source = snapshot ? "from the running server" : "from the data directory (no server was running)";
  if (!snapshot) {
    const database = await openDatabase({ dataDir });
    try {
      snapshot = await database.snapshot!();
    } finally {
      await database.close();
    }
  }
  createPrivateDir(target);
  writeFileSync(join(target, databaseFile), snapshot, { mode: 0o600 });
  const keptSecrets = existsSync(join(dataDir, secretsFile));
  if (keptSecrets) copyFileSync(join(dataDir, secretsFile), join(target, secretsFile));
  const manifest: z.infer<typeof manifestSchema> = {
    remit: version,
    createdAt: now.toISOString(),
    database: databaseFile,
    secrets: keptSecrets ? secretsFile : null,
  };
  writeFileSync(join(target, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return [
    `Backed up the embedded database ${source} into ${target} (${Math.round(snapshot.length / 1024)} KB).`,
    keptSecrets
      ? `It holds secrets.json, the keys that sign portal links and decrypt integration tokens: keep it as safe as the data. Restore with: remit restore ${target}`
      : "The keys come from PORTAL_SIGNING_KEYS and ENCRYPTION_KEY: keep them with this backup, or no portal link will work after restoring it.",
  ];
}

/** Makes the empty (or new) DATA_DIR the database of a backup, with its keys. */
export async function restore(env: Env, from: string): Promise<string[]> {
  const dataDir = embeddedDataDir(env, "remit restore");
  const source = resolve(from);
  if (!existsSync(join(source, manifestFile))) throw new Refused(`${source} is not a Remit backup (it has no ${manifestFile}).`);
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(source, manifestFile), "utf8")));
  if (!isEmptyDir(dataDir))
    throw new Refused(`${dataDir} (DATA_DIR) is not empty: restore into a new directory, or move this one aside first. Nothing was changed.`);
  await restoreSnapshot(dataDir, new Uint8Array(readFileSync(join(source, manifest.database))));
  if (manifest.secrets) copyFileSync(join(source, manifest.secrets), join(dataDir, secretsFile));
  const database = await openDatabase({ dataDir });
  const counts = await database.withSession(async (session) => countRows(session, await tablesInOrder(session))).finally(() => database.close());
  const rows = [...counts.values()].reduce((sum, count) => sum + count, 0);
  return [
    `Restored the backup of ${manifest.createdAt} (Remit ${manifest.remit}) into ${dataDir}: ${counts.size} tables, ${rows} rows.`,
    manifest.secrets
      ? "Its keys are in place: portal links issued before the backup work again."
      : "Start Remit with the PORTAL_SIGNING_KEYS and ENCRYPTION_KEY the backup was taken with.",
  ];
}
