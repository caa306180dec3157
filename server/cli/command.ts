import type { ServerBuild } from "@remix-run/node";
import type { AppContext } from "#app/context.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { Workspace } from "#app/generated/prisma/client.ts";
import { commandsFor, oneOf, workspaceOption, type Command, type CommandIo } from "#app/platform/cli/command.ts";
import type { Database, Db } from "#app/platform/db/database.server.ts";

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

/**
 * A command that lists a workspace's documents of one kind, newest first, optionally only
 * those in one status: a line each, or `none` when there are none.
 */
export function listCommand<const S extends string, Item>(spec: {
  name: string;
  summary: string;
  statuses: readonly S[];
  /** Help for --status: "Only invoices in this status". */
  statusHelp: string;
  none: string;
  list: (db: Db, workspaceId: string, status: S | undefined) => Promise<Item[]>;
  line: (item: Item, workspace: Workspace, now: Date) => string;
}): CliCommand {
  return command({
    name: spec.name,
    summary: spec.summary,
    options: {
      ...workspaceOption,
      status: { type: "string", value: spec.statuses.join("|"), description: spec.statusHelp },
    },
    async run({ options, io, app }) {
      const status = oneOf(options.status, "status", spec.statuses);
      const { db, now } = await app();
      const workspace = await getWorkspace(db, options.workspace);
      const items = await spec.list(db, workspace.id, status);
      if (!items.length) io.out(spec.none);
      for (const item of items) io.out(spec.line(item, workspace, now()));
    },
  });
}
