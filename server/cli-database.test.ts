// The CLI meeting a database it cannot use: behind this version's migrations, unreachable,
// missing, or refusing the user. Each is one line saying what is wrong; nothing is migrated by
// the way.
import { createServer, type Socket } from "node:net";
import pg from "pg";
import { describe, expect, it, onTestFinished } from "vitest";
import { parseEnv } from "#app/platform/config/env.server.ts";
import { openDatabase } from "#app/platform/db/database.server.ts";
import { migrate, pendingMigrations, readMigrations } from "#app/platform/db/migrate.server.ts";
import { testSecrets } from "#tests/app.ts";
import { cliOn } from "#tests/cli.ts";
import { createServerDatabase } from "#tests/database.ts";
import { freePort } from "#tests/remit-process.ts";
import { runCli } from "./cli/run.ts";

const serverUrl = process.env.TEST_DATABASE_URL;

/** `remit …` opening the database itself from the environment, as in production. */
async function remitWith(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env: parseEnv({ LOG_LEVEL: "silent", ...testSecrets, ...env }), out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("commands on a database behind this version", () => {
  it("refuse in words and change nothing; `remit migrate` applies the migrations, then they run", async () => {
    const database = await openDatabase({ dataDir: "memory://" });
    onTestFinished(() => database.close());
    const all = (await readMigrations()).map((m) => m.name);
    const remit = cliOn(database);

    const refused = await remit("events");
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      `This database lacks ${all.length} migrations of this version of Remit (${all.join(", ")}). Nothing was done. ` +
        "Apply them with: remit migrate (a newer `remit serve` applies them too when it starts).",
    );
    expect(await pendingMigrations(database)).toEqual(all);

    expect(await remit("migrate")).toMatchObject({ code: 0, out: `Applied ${all.join(", ")}.` });
    expect(await remit("events")).toMatchObject({ code: 0, out: "No pending deliveries." });
  }, 120_000); // applies every migration to a fresh database: about 15 s alone, over 30 s on a loaded machine
});

describe("a PostgreSQL server that cannot be used", () => {
  it("refusing connections: one line, after retrying for DATABASE_START_TIMEOUT_MS", async () => {
    const port = await freePort();
    const started = performance.now();
    const result = await remitWith({ DATABASE_URL: `postgresql://remit@127.0.0.1:${port}/remit`, DATABASE_START_TIMEOUT_MS: "2000" }, "events");
    expect(result).toEqual({
      code: 1,
      out: "",
      err: `PostgreSQL at 127.0.0.1:${port} refused the connection: is the server running and listening on that port?`,
    });
    expect(performance.now() - started, "it waited and retried").toBeGreaterThan(1_400);
  });

  it("not answering at all: one line naming the connect timeout", async () => {
    const accepted = new Set<Socket>();
    const silent = createServer((socket) => accepted.add(socket)); // accepts, then says nothing (a partition)
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    onTestFinished(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of accepted) socket.destroy();
          silent.close(() => resolve());
        }),
    );
    const { port } = silent.address() as { port: number };
    const result = await remitWith(
      { DATABASE_URL: `postgresql://remit@127.0.0.1:${port}/remit`, DATABASE_START_TIMEOUT_MS: "0", DATABASE_CONNECT_TIMEOUT_MS: "300" },
      "events",
    );
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `PostgreSQL at 127.0.0.1:${port} did not answer within 300 ms (DATABASE_CONNECT_TIMEOUT_MS): a network partition, a firewall, or an overloaded server.`,
    );
  });

  it.runIf(serverUrl)("a missing database and an unknown user: one line each, at once (waiting cannot help)", async () => {
    const url = new URL(serverUrl!);
    url.pathname = "/remit_no_such_database";
    const started = performance.now();
    const missing = await remitWith({ DATABASE_URL: url.toString() }, "events");
    expect(missing.err).toBe(
      `PostgreSQL at ${url.hostname}:${url.port} has no database "remit_no_such_database": create it (createdb remit_no_such_database) or fix the name in DATABASE_URL.`,
    );
    expect(missing.code).toBe(1);
    url.pathname = "/postgres";
    url.username = "remit_no_such_user";
    const stranger = await remitWith({ DATABASE_URL: url.toString() }, "events");
    expect(stranger).toMatchObject({
      code: 1,
      err: `PostgreSQL at ${url.hostname}:${url.port} refused user "remit_no_such_user": wrong password, or no access for this user (pg_hba.conf).`,
    });
    expect(performance.now() - started, "no retrying").toBeLessThan(5_000);
  });

  it.runIf(serverUrl)("a migration lock held by another process: waits, says who holds it, then migrates", async () => {
    const { url, drop } = await createServerDatabase(serverUrl!);
    onTestFinished(drop);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    onTestFinished(() => holder.end());
    const [{ pid }] = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows as [{ pid: number }];
    await holder.query("SELECT pg_advisory_lock($1)", [0x72656d6974]);

    const database = await openDatabase({ databaseUrl: url, dataDir: "" });
    onTestFinished(() => database.close());
    const waits: { waitedMs: number; holderPid: number | null }[] = [];
    const migrating = migrate(database, { onWait: (_message, fields) => waits.push(fields) });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toEqual({ waitedMs: expect.any(Number), holderPid: pid });
    expect(await pendingMigrations(database)).not.toEqual([]);
    await holder.query("SELECT pg_advisory_unlock($1)", [0x72656d6974]);
    expect((await migrating).applied).toEqual((await readMigrations()).map((m) => m.name));
  });
});
