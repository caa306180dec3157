// Where a portal home request's CPU goes: `npm run bench:profile [-- kept | 304] [-- --postgresql]`.
// Seeds a client with 50 invoices, runs the production server under `--cpu-prof`, asks for the
// page (`304`: revalidates an invoice PDF it has) sequentially (after a warm-up), stops the server and prints its CPU by package and by
// function over the measured requests only. The profile is kept in bench/results/ for DevTools.
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { ensureBuild } from "#scripts/ensure-build.mjs";
import { root, runScript, startServer } from "./lib/processes.ts";
import { postgresDatabase } from "./lib/servers.ts";

const revalidated = process.argv.includes("304");
const kept = revalidated || process.argv.includes("kept");
const on = process.argv.includes("--postgresql") ? "postgresql" : "embedded";
const requests = Number(process.env.BENCH_PROFILE_REQUESTS ?? 300);

const profileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string() }) })),
  startTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** Who a sampled function belongs to: its npm package, Remit's build, Node.js, or PGlite's WebAssembly. */
function packageOf(frame: { url: string; functionName: string }): string {
  const npmPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1];
  if (npmPackage) return npmPackage;
  if (frame.url.includes("/build/")) return "Remit";
  if (frame.url.startsWith("node:")) return "Node.js";
  if (frame.url.startsWith("wasm")) return "WebAssembly (PGlite)";
  return frame.url || frame.functionName;
}

ensureBuild();
const dataDir = mkdtempSync(join(tmpdir(), "remit-profile-"));
const profiles = mkdtempSync(join(tmpdir(), "remit-cpuprofile-"));
const postgres = on === "postgresql" ? await postgresDatabase() : null;
const env = { DATA_DIR: dataDir, PORT: "4180", DEMO: "off", PUBLIC_URL: "http://127.0.0.1:4180", PORTAL_CACHE_MB: kept ? "16" : "0", ...postgres?.env };
try {
  const { portal, invoiceIds } = JSON.parse(await runScript("bench/lib/seed.ts", ["50", "3"], env)) as { portal: string; invoiceIds: string[] };
  const server = await startServer(env, { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profiles}`] });
  const pdf = `${portal}/invoices/${invoiceIds[0]}/pdf`;
  const etag = revalidated ? ((await fetch(pdf)).headers.get("etag") ?? "") : "";
  const ask = revalidated
    ? async () => void (await (await fetch(pdf, { headers: { "If-None-Match": etag } })).arrayBuffer())
    : async () => void (await (await fetch(portal, { headers: { "Accept-Encoding": "br" } })).arrayBuffer());
  for (let i = 0; i < 50; i++) await ask();
  await sleep(6000); // the start-up catch-up jobs have run
  const started = performance.now();
  for (let i = 0; i < requests; i++) await ask();
  const measured = performance.now() - started;
  await server.stop();

  const file = readdirSync(profiles).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("The server wrote no CPU profile");
  const profile = profileSchema.parse(JSON.parse(readFileSync(join(profiles, file), "utf8")));
  const saved = join(root, "bench", "results", `portal-${revalidated ? "pdf-304" : kept ? "kept" : "fresh"}-${on}.cpuprofile`);
  renameSync(join(profiles, file), saved);
  // Only the measured requests: the profile's last `measured` milliseconds (and the stop after them).
  const times: number[] = [];
  for (let i = 0, at = profile.startTime; i < profile.samples.length; i++) times.push((at += profile.timeDeltas[i] ?? 0));
  const from = (times.at(-1) ?? 0) - (measured + 300) * 1000;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]!)!;
    if (times[i]! < from || frame.functionName === "(idle)") continue;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const where = packageOf(frame);
    packages.set(where, (packages.get(where) ?? 0) + ms);
    const name = `${frame.functionName || "(anonymous)"} — ${where}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join("\n");
  console.log(
    `${revalidated ? "Invoice PDF revalidated (304)" : `Portal home (50 invoices, ${on} database, ${kept ? "kept page" : "rendered each time"})`}: ${(measured / requests).toFixed(1)} ms per sequential request`,
  );
  console.log(`${(total / requests).toFixed(1)} ms of CPU per request, by package:\n${top(packages, 15)}\n\nBy function:\n${top(functions, 25)}`);
  console.log(`\nThe whole profile (open it in Chrome's DevTools): ${saved}`);
} finally {
  await postgres?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profiles, { recursive: true, force: true });
}
