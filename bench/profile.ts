// Where a portal home request's CPU goes: `npm run bench:profile [-- kept | 304] [-- --postgresql]`.
// Seeds a client with 50 invoices, runs the production server under `--cpu-prof`, asks for the
// page (`304`: revalidates an invoice PDF it has) sequentially (after a warm-up), stops the server and prints its CPU by package and by
// function over the measured requests only; on PostgreSQL also the SQL statements per request,
// counted by a proxy in front of the database (lib/pg-counter.ts). The profile is kept in
// bench/results/ for DevTools.
import { mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureBuild } from "#scripts/ensure-build.mjs";
import { summariseProfile } from "./lib/cpu-profile.ts";
import { startPgCounter } from "./lib/pg-counter.ts";
import { root, runScript, startServer } from "./lib/processes.ts";
import { postgresDatabase } from "./lib/servers.ts";

const revalidated = process.argv.includes("304");
const kept = revalidated || process.argv.includes("kept");
const on = process.argv.includes("--postgresql") ? "postgresql" : "embedded";
const requests = Number(process.env.BENCH_PROFILE_REQUESTS ?? 300);

ensureBuild();
const dataDir = mkdtempSync(join(tmpdir(), "remit-profile-"));
const profiles = mkdtempSync(join(tmpdir(), "remit-cpuprofile-"));
const postgres = on === "postgresql" ? await postgresDatabase() : null;
const counter = postgres ? await startPgCounter(postgres.env.DATABASE_URL) : null;
const env = { DATA_DIR: dataDir, PORT: "4180", DEMO: "off", PUBLIC_URL: "http://127.0.0.1:4180", PORTAL_CACHE_MB: kept ? "16" : "0", ...postgres?.env };
try {
  const { portal, invoiceIds } = JSON.parse(await runScript("bench/lib/seed.ts", ["50", "3"], env)) as { portal: string; invoiceIds: string[] };
  const server = await startServer(counter ? { ...env, DATABASE_URL: counter.url } : env, { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profiles}`] });
  const pdf = `${portal}/invoices/${invoiceIds[0]}/pdf`;
  const etag = revalidated ? ((await fetch(pdf)).headers.get("etag") ?? "") : "";
  const ask = revalidated
    ? async () => void (await (await fetch(pdf, { headers: { "If-None-Match": etag } })).arrayBuffer())
    : async () => void (await (await fetch(portal, { headers: { "Accept-Encoding": "br" } })).arrayBuffer());
  for (let i = 0; i < 50; i++) await ask();
  await sleep(6000); // the start-up catch-up jobs have run
  counter?.reset();
  const started = performance.now();
  for (let i = 0; i < requests; i++) await ask();
  const measured = performance.now() - started;
  const sql = counter?.read();
  await server.stop();

  const file = readdirSync(profiles).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("The server wrote no CPU profile");
  const saved = join(root, "bench", "results", `portal-${revalidated ? "pdf-304" : kept ? "kept" : "fresh"}-${on}.cpuprofile`);
  renameSync(join(profiles, file), saved);
  console.log(
    `${revalidated ? "Invoice PDF revalidated (304)" : `Portal home (50 invoices, ${on} database, ${kept ? "kept page" : "rendered each time"})`}: ${(measured / requests).toFixed(1)} ms per sequential request`,
  );
  if (sql) {
    const per = (n: number) => (n / requests).toFixed(2);
    const texts = [...sql.texts].sort((a, b) => b[1] - a[1]);
    console.log(`SQL per request: ${per(sql.statements)} statements, ${per(sql.roundTrips)} round trips`);
    console.log(texts.map(([text, n]) => `${per(n).padStart(6)}  ${text.replace(/\s+/g, " ").slice(0, 160)}`).join("\n"));
  }
  // Only the measured requests: the profile's last `measured` milliseconds (and the stop after them).
  console.log(summariseProfile(saved, measured + 300, requests, "request"));
  console.log(`\nThe whole profile (open it in Chrome's DevTools): ${saved}`);
} finally {
  await counter?.close();
  await postgres?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profiles, { recursive: true, force: true });
}
