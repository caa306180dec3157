import { parseEnv } from "#app/platform/config/env.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { runCli } from "#server/cli/run.ts";
import { testSecrets } from "./app.ts";

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
