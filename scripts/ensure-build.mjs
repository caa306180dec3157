// Builds the server bundle when it is missing or older than the sources, so `npm start`
// works on a fresh clone and after a pull without a separate build step.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = join(root, "build", "index.js");
const sources = ["app", "server", "integrations", "public", "prisma/schema.prisma", "remix.config.js", "package.json"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "build" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function run(script, args, what) {
  // Always a production build, also when started from a test runner that sets NODE_ENV=test.
  const env = { ...process.env, NODE_ENV: "production" };
  const result = spawnSync(process.execPath, [join(root, script), ...args], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) {
    process.stderr.write(`${what} failed (exit ${result.status}).\n`);
    process.exit(1);
  }
}

export function ensureBuild() {
  if (!existsSync(join(root, "app", "generated", "prisma", "client.ts"))) {
    run("scripts/generate-client.mjs", [], "Generating the database client");
  }
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  if (built && sources.every((s) => newestMtime(join(root, s)) <= built)) return;
  const cli = join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js");
  if (!existsSync(cli)) {
    if (built) return; // a production install without dev tools keeps the build it has
    process.stderr.write("There is no build and no build tools: run npm install (with dev dependencies) first.\n");
    process.exit(1);
  }
  process.stderr.write("Building Remit…\n");
  run("node_modules/@remix-run/dev/dist/cli.js", ["build"], "The build");
}
