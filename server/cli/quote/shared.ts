import { quoteByNumber } from "#app/billing/quotes.server.ts";
import { required, type CommandSpec, type NoOptions, type OptionSpecs } from "#app/platform/cli/command.ts";
import type { AppContext } from "#app/context.server.ts";
import { workspaceCommand, type CliCommand, type CliIo, type WorkspaceCall } from "../command.ts";

type Quote = Awaited<ReturnType<typeof quoteByNumber>>;

/** A command on one quote of a workspace: `--number Q-0001` (described as `quote`), found before `run`. */
export function quoteCommand<const O extends OptionSpecs = NoOptions>(
  spec: Omit<CommandSpec<O, AppContext, CliIo>, "run"> & { quote: string; run: (call: WorkspaceCall<O> & { quote: Quote }) => Promise<void> },
): CliCommand {
  const { quote: description, run, ...rest } = spec;
  const numberOption = { number: required("Q-0001", description) };
  return workspaceCommand<typeof numberOption & O>({
    ...rest,
    options: Object.assign(numberOption, spec.options),
    async run(call) {
      const { number } = call.options as { number: string };
      await run({ ...call, quote: await quoteByNumber(call.context.db, call.workspace.id, number) });
    },
  });
}
