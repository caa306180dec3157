import type { ServerBuild } from "@remix-run/node";
import type { AppContext } from "#app/context.server.ts";
import { commandsFor, type Command, type CommandIo } from "#app/platform/cli/command.ts";
import type { Database } from "#app/platform/db/database.server.ts";

/** What the server's commands may use besides the app: `serve` needs the build and the terminal. */
export interface CliIo extends CommandIo {
  /** An open database to use instead of opening one from the environment (tests). */
  database?: Database;
  build?: ServerBuild;
  /** Standard output is a terminal (serve prints demo links there, and only there). */
  interactive?: boolean;
}

export type CliCommand = Command<AppContext, CliIo>;

/** Declares one of the server's commands (one file each in server/cli/). */
export const command = commandsFor<AppContext, CliIo>();
