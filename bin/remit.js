#!/usr/bin/env node
// The `remit` command (and `npm start`, which runs `remit serve`): builds if needed, reads
// .env from the working directory, then runs the command from the server bundle.
import { existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { ensureBuild } from "../scripts/ensure-build.mjs";

if (existsSync(".env")) process.loadEnvFile(".env");
// Memory settings measured on the server (docs/decisions/119-server-footprint.md): collect the
// old generation when it has grown by half rather than up to fourfold, and on PostgreSQL compile
// Prisma's WebAssembly query compiler with the optimising compiler only. Embedded, PGlite's far
// larger WebAssembly would take seconds longer to start that way.
setFlagsFromString("--heap-growing-percent=50");
if (process.env.DATABASE_URL) setFlagsFromString("--no-liftoff");
ensureBuild();
const { main } = await import("../build/index.js");
process.exitCode = await main(process.argv.slice(2));
