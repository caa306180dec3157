import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServerDatabase } from "#tests/database.ts";
import { runScript, startServer } from "./processes.ts";

export const postgresServer = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A fresh database on the local PostgreSQL server, with the settings the app then needs. */
export async function postgresDatabase() {
  const { url, drop } = await createServerDatabase(postgresServer);
  return { env: { DATABASE_URL: url, PORTAL_SIGNING_KEYS: `bench:${"b".repeat(40)}`, ENCRYPTION_KEY: "k".repeat(40) }, drop };
}

/** A fresh database (embedded, or PostgreSQL) seeded for one scenario, and the server on it. */
export async function seededServer(
  port: number,
  invoices: number,
  lines: number,
  on: "embedded" | "postgresql" = "embedded",
  extraEnv: Record<string, string> = {},
  seed: { script: string; args: string[] } = { script: "bench/lib/seed.ts", args: [String(invoices), String(lines)] },
) {
  const dataDir = mkdtempSync(join(tmpdir(), "remit-bench-"));
  const postgres = on === "postgresql" ? await postgresDatabase() : null;
  const env = { DATA_DIR: dataDir, PORT: String(port), DEMO: "off", PUBLIC_URL: `http://127.0.0.1:${port}`, ...postgres?.env, ...extraEnv };
  const seeded = JSON.parse(await runScript(seed.script, seed.args, env)) as { portal: string; invoiceIds: string[] };
  const server = await startServer(env);
  return {
    ...seeded,
    env,
    server,
    async stop() {
      await server.stop();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
