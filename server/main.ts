import * as build from "@remix-run/dev/server-build";
import type { ServerBuild } from "@remix-run/node";
import { runCli } from "./cli.ts";

/** The built server's single entry: `remit serve` serves; other commands operate. */
export function main(argv: string[]): Promise<number> {
  return runCli(argv, {
    build: build as unknown as ServerBuild,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
