import { ConfigError, parseEnv, type Env } from "#app/platform/config/env.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { UsageError } from "#app/platform/cli/command.ts";
import { DataDirInUseError } from "#app/platform/db/data-dir-lock.server.ts";
import { DatabaseUnreachableError } from "#app/platform/db/database-errors.server.ts";
import { MigrationError } from "#app/platform/db/migrate.server.ts";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import { boot } from "#server/boot.ts";
import { Refused } from "#server/refused.ts";
import type { CliCommand, CliIo } from "./command.ts";
import { commands } from "./commands.ts";

/** How `remit` is run: by bin/remit.js through server/main.ts, or in-process by tests (with their env and database). */
/** `now`: the clock of the app a command opens (tests pass theirs); the system's, kept by the database's, when absent. */
export type CliOptions = Omit<CliIo, "env" | "now"> & { env?: Env; now?: () => Date };

/** `remit --help`: every command's one-line synopsis and summary. */
export function usage(): string {
  const lines = ["Usage: remit <command> [options]    (remit <command> --help for its options)", ""];
  for (const command of commands) lines.push(`  ${command.name.padEnd(20)}${command.summary}`);
  lines.push("", "Every command reads the same environment as the server (DATABASE_URL, DATA_DIR, …); see docs/cli.md.");
  return lines.join("\n");
}

/** The command named by the first one or two words, and the arguments after them. */
function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | null {
  const [first = "", second = ""] = argv;
  const two = commands.find((command) => command.name === `${first} ${second}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = commands.find((command) => command.name === first);
  return one ? { command: one, rest: argv.slice(1) } : null;
}

/** Why the words name no command: the group's commands when the first word is a group. */
function unknown(argv: string[]): string {
  const [first = "", second] = argv;
  const group = commands.filter((command) => command.name.startsWith(`${first} `));
  if (!group.length) return `Unknown command "${first}".`;
  const actions = group.map((command) => command.name.slice(first.length + 1)).join(", ");
  return second && !second.startsWith("-") ? `Unknown command "${first} ${second}"; ${first} has: ${actions}.` : `${first} needs a command: ${actions}.`;
}

/** Exit code: 0 done, 1 refused or failed, 2 called wrongly. */
export async function runCli(argv: string[], options: CliOptions): Promise<number> {
  const [first] = argv;
  if (!first || first === "--help" || first === "-h" || (first === "help" && argv.length === 1)) {
    options.out(usage());
    return first ? 0 : 2;
  }
  const found = findCommand(first === "help" ? argv.slice(1) : argv);
  if (!found) {
    options.err(`${unknown(first === "help" ? argv.slice(1) : argv)}\n\n${usage()}`);
    return 2;
  }
  const { command, rest } = found;
  if (first === "help" || rest.includes("--help") || rest.includes("-h")) {
    options.out(command.help());
    return 0;
  }
  const opened: { app?: AppContext } = {};
  try {
    const env = options.env ?? parseEnv();
    const io = { ...options, env, now: options.now ?? (() => new Date()) };
    const open = async () =>
      (opened.app ??= await boot({ env, database: options.database, now: options.now, migrate: command.database === "as-is" ? "skip" : "require" }));
    await command.execute(rest, io, open);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      options.err(`${error.message}\n\n${command.help()}`);
      return 2;
    }
    if (error instanceof ValidationError) {
      options.err("Not done:");
      for (const [field, message] of Object.entries(error.issues)) options.err(`  ${field}: ${message}`);
      return 1;
    }
    if (
      error instanceof DomainError ||
      error instanceof ConfigError ||
      error instanceof DataDirInUseError ||
      error instanceof MigrationError ||
      error instanceof DatabaseUnreachableError ||
      error instanceof Refused
    ) {
      options.err(error.message);
      return 1;
    }
    throw error;
  } finally {
    if (opened.app && !options.database) await opened.app.database.close();
  }
}
