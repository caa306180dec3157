import * as build from "@remix-run/dev/server-build";
import type { ServerBuild } from "@remix-run/node";
import { captureConsole, configureLog } from "#app/platform/config/log.server.ts";
import { runCli } from "./cli/run.ts";

/** The compiled Remix app, for serving it in-process (browser tests, benchmarks). */
export const serverBuild = build as unknown as ServerBuild;

/** The built server's single entry: `remit serve` serves; other commands operate. */
export async function main(argv: string[]): Promise<number> {
  const serving = argv[0] === "serve";
  // Serving, standard output is the log; a command's standard output is its answer, so its log goes to standard error.
  configureLog({ destination: serving ? "stdout" : "stderr" });
  if (serving) captureConsole();
  const code = await runCli(argv, {
    build: serverBuild,
    interactive: process.stdout.isTTY === true,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  // Remix leaves a stream timer of up to 5 s behind each page it rendered: a stopped server exits now.
  if (serving) process.exit(code);
  return code;
}
