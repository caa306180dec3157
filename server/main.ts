import * as build from "@remix-run/dev/server-build";
import type { ServerBuild } from "@remix-run/node";
import { runCli } from "./cli.ts";

/** The compiled Remix app, for serving it in-process (browser tests, benchmarks). */
export const serverBuild = build as unknown as ServerBuild;

/** The built server's single entry: `remit serve` serves; other commands operate. */
export function main(argv: string[]): Promise<number> {
  return runCli(argv, {
    build: serverBuild,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
