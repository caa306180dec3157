import type { ServerBuild } from "@remix-run/node";
import type { AppContext } from "#app/context.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { Workspace } from "#app/generated/prisma/client.ts";
import {
  commandsFor,
  oneOf,
  text,
  workspaceOption,
  type Command,
  type CommandCall,
  type CommandIo,
  type CommandSpec,
  type NoOptions,
  type OptionSpecs,
  type OptionValues,
} from "#app/platform/cli/command.ts";
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

/** What a command on one workspace receives: its call, the opened app and the workspace. */
export interface WorkspaceCall<O extends OptionSpecs> extends Omit<CommandCall<O, AppContext, CliIo>, "app" | "options"> {
  options: OptionValues<typeof workspaceOption & O>;
  context: AppContext;
  /** The workspace named by --workspace (none by that id: refused before `run`). */
  workspace: Workspace;
}

/**
 * A command that acts on one workspace: `--workspace ID` comes first among its options, and
 * its `run` gets the app already open and that workspace.
 */
export function workspaceCommand<const O extends OptionSpecs = NoOptions>(
  spec: Omit<CommandSpec<O, AppContext, CliIo>, "run"> & { run: (call: WorkspaceCall<O>) => Promise<void> },
): CliCommand {
  const { run, ...rest } = spec;
  return command<typeof workspaceOption & O>({
    ...rest,
    // Object.assign keeps both sets' types, where a spread of options a command may leave out would lose its own.
    options: Object.assign({}, workspaceOption, spec.options),
    async run({ options, args, io, app }) {
      const context = await app();
      // --workspace is required, so it is a string whatever the command's own options are.
      const workspace = await getWorkspace(context.db, (options as OptionValues<typeof workspaceOption>).workspace);
      await run({ options, args, io, context, workspace });
    },
  });
}

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
      status: text(spec.statuses.join("|"), spec.statusHelp),
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
