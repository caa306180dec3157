import { parseEnv } from "#app/platform/config/env.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { runCli } from "#server/cli/run.ts";
import { testSecrets } from "./app.ts";
import { fileDatabase } from "./database.ts";

/** `remit …` run in-process on a test database: its exit code and what it printed. */
export function cliOn(database: Database, env: Record<string, string> = {}, clock?: { now: () => Date }) {
  return async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const parsed = parseEnv({ LOG_LEVEL: "silent", ...testSecrets, ...env });
    const code = await runCli(argv, { env: parsed, database, now: clock?.now, out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
}

/**
 * A test file's own database, open from before its first test to after its last, and `remit`
 * run on it with `env` (and `clock`, else the wall clock's time as the CLI reads it).
 */
export function cliDatabase(env: Record<string, string> = {}, clock?: { now: () => Date }) {
  const file = fileDatabase("cliDatabase");
  return Object.assign(file, { remit: (...argv: string[]) => cliOn(file.database, env, clock)(...argv) });
}

/** The first id (a UUID) in what a command printed. */
export const idIn = (text: string) => /([0-9a-f-]{36})/.exec(text)?.[1] ?? "";
