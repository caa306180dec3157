#!/usr/bin/env node
// The `remit` command (and `npm start`, which runs `remit serve`): builds if needed, reads
// .env from the working directory, then runs the command from the server bundle.
import { existsSync } from "node:fs";
import { ensureBuild } from "../scripts/ensure-build.mjs";

if (existsSync(".env")) process.loadEnvFile(".env");
ensureBuild();
const { main } = await import("../build/index.js");
process.exitCode = await main(process.argv.slice(2));
