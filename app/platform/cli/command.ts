import { parseArgs } from "node:util";
import type { Env } from "#app/platform/config/env.server.ts";

/**
 * The operator CLI's commands, one file each (decision 111): a command declares its words
 * ("invoice create"), a line of summary, its options with their help, and its positional
 * arguments; node's `parseArgs` parses them strictly, and `--help` prints them. Integrations
 * declare their own commands with the same kit; `server/cli/` puts them all in one table.
 */

/** A mistake in how a command was called: exit code 2 and the command's help. */
export class UsageError extends Error {
  override name = "UsageError";
}

interface StringOption {
  type: "string";
  /** How the value is shown in help: `--workspace ID`. */
  value: string;
  description: string;
  required?: boolean;
  /** May be given several times (the value is then a list, empty when never given). */
  multiple?: boolean;
}

interface BooleanOption {
  type: "boolean";
  description: string;
}

export type OptionSpec = StringOption | BooleanOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;
/** The options of a command that declares none. */
export type NoOptions = Readonly<Record<never, OptionSpec>>;

/** What the command's `run` receives for its options, typed from their specs. */
export type OptionValues<O extends OptionSpecs> = {
  -readonly [K in keyof O]: O[K] extends BooleanOption
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : O[K] extends { required: true }
        ? string
        : string | undefined;
};

/** What every command may use, whether or not it opens the database. */
export interface CommandIo {
  env: Env;
  out: (line: string) => void;
  err: (line: string) => void;
  now: () => Date;
}

export interface CommandCall<O extends OptionSpecs, App, Io extends CommandIo> {
  options: OptionValues<O>;
  /** The positional arguments, one per name in `args`. */
  args: string[];
  io: Io;
  /** Opens the application (database and integrations) on first call; commands that never call it never touch the database. */
  app: () => Promise<App>;
}

export interface CommandSpec<O extends OptionSpecs, App, Io extends CommandIo> {
  /** The words that call it: "invoice create", "migrate". */
  name: string;
  summary: string;
  /** Positional arguments, each required, as help shows them: ["DELIVERY_ID"]. */
  args?: readonly string[];
  /** Its options, in the order help lists them; a command without any leaves them out. */
  options?: O;
  /** More help after the options: examples, what the output means. */
  notes?: string;
  /** "as-is" opens the database without requiring its migrations applied (only `migrate` wants that). */
  database?: "migrated" | "as-is";
  run: (call: CommandCall<O, App, Io>) => Promise<void>;
}

/** A command with its option types erased, as the CLI's table holds it. */
export interface Command<App, Io extends CommandIo = CommandIo> {
  readonly name: string;
  readonly summary: string;
  readonly database: "migrated" | "as-is";
  /** One line: the words, the positional arguments and the options. */
  synopsis(): string;
  /** Everything `remit <command> --help` prints. */
  help(): string;
  execute(argv: string[], io: Io, app: () => Promise<App>): Promise<void>;
}

function optionSynopsis(name: string, spec: OptionSpec): string {
  const flag = spec.type === "boolean" ? `--${name}` : `--${name} ${spec.value}`;
  const repeated = spec.type === "string" && spec.multiple ? `${flag}...` : flag;
  return spec.type === "string" && spec.required ? repeated : `[${repeated}]`;
}

/**
 * Commands whose `run` receives the app as `App`: the server's commands use the whole
 * application context, an integration's only what it declares it needs.
 */
export function commandsFor<App, Io extends CommandIo = CommandIo>() {
  return function command<const O extends OptionSpecs = NoOptions>(spec: CommandSpec<O, App, Io>): Command<App, Io> {
    const args = spec.args ?? [];
    const entries = Object.entries(spec.options ?? {});
    const synopsis = () => [`remit ${spec.name}`, ...args, ...entries.map(([name, option]) => optionSynopsis(name, option))].join(" ");
    return {
      name: spec.name,
      summary: spec.summary,
      database: spec.database ?? "migrated",
      synopsis,
      help() {
        const width = Math.max(0, ...entries.map(([name, option]) => optionSynopsis(name, option).length));
        const lines = [`Usage: ${synopsis()}`, "", spec.summary];
        if (entries.length) {
          lines.push("", "Options:");
          for (const [name, option] of entries) lines.push(`  ${optionSynopsis(name, option).padEnd(width)}  ${option.description}`);
        }
        if (spec.notes) lines.push("", spec.notes);
        return lines.join("\n");
      },
      async execute(argv, io, app) {
        let parsed;
        try {
          parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: Object.fromEntries(
              entries.map(([name, option]) => [name, { type: option.type, multiple: option.type === "string" && option.multiple === true }]),
            ),
          });
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        const values: Record<string, string | boolean | string[] | undefined> = {};
        for (const [name, option] of entries) {
          const value = parsed.values[name];
          if (option.type === "boolean") values[name] = value === true;
          else if (option.multiple) values[name] = Array.isArray(value) ? value.map(String) : [];
          else if (typeof value === "string") values[name] = value;
          else if (option.required) throw new UsageError(`--${name} is required.`);
        }
        const positionals = parsed.positionals;
        if (positionals.length < args.length) throw new UsageError(`remit ${spec.name} needs ${args.slice(positionals.length).join(" ")}.`);
        if (positionals.length > args.length) throw new UsageError(`Unexpected "${positionals[args.length]}".`);
        // The one place option types are asserted: `values` was built from the same specs above.
        await spec.run({ options: values as OptionValues<O>, args: positionals, io, app });
      },
    };
  };
}

/** A whole number given as text, or undefined when not given. */
export function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number.`);
  return Number(value);
}

/** "on" or "off" as a boolean, or undefined when not given. */
export function onOff(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== "on" && value !== "off") throw new UsageError(`--${name} must be on or off.`);
  return value === "on";
}

/*
 * An option's declaration, one constructor per kind; `value` is how help shows the option's value
 * (`--workspace ID`), `description` its line of help.
 */

/** `--name VALUE`, optional: undefined when not given. */
export const text = (value: string, description: string) => ({ type: "string", value, description }) as const;

/** `--name VALUE` that the command cannot run without (a usage error when missing). */
export const required = (value: string, description: string) => ({ type: "string", value, description, required: true }) as const;

/** `--name VALUE`, as many times as wanted: a list, empty when never given. */
export const repeated = (value: string, description: string) => ({ type: "string", value, description, multiple: true }) as const;

/** `--name`, given or not. */
export const flag = (description: string) => ({ type: "boolean", description }) as const;

/** The option of every command that acts on one workspace. */
export const workspaceOption = { workspace: required("ID", "The workspace (see remit workspace list)") };

/** One of a fixed set of words, or undefined when not given. */
export function oneOf<const T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}.`);
  return value as T;
}

/** A typed "\n" in an option is a line break: addresses and instructions span lines. */
export function multiline(value: string | undefined): string | undefined {
  return value?.replace(/\\n/g, "\n");
}
