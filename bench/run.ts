// Remit's benchmarks: `npm run bench [-- portal pdf memory …]`. Each runs the production
// server on 127.0.0.1 with a bounded load and reports medians of several runs; results go
// to bench/results/latest.json and latest.md (summarised in the README).
import { writeFileSync } from "node:fs";
import { get } from "node:http";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { ensureBuild } from "#scripts/ensure-build.mjs";
import { startFakeSlack, signedSlashCommand } from "./lib/fake-slack.ts";
import { load, median, type LoadResult } from "./lib/load.ts";
import type { Measurement } from "./lib/measurement.ts";
import { cpuMs, root, rssMiB, startBareServer } from "./lib/processes.ts";
import { seededServer } from "./lib/servers.ts";
import { notionBackfill } from "./notion.ts";
import { pdfRender } from "./pdf-render.ts";
import { stripeWebhooks } from "./stripe.ts";
import { scale, startup, twoInstances } from "./servers.ts";

const runs = Number(process.env.BENCH_RUNS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const results: Measurement[] = [];
const record = (m: Measurement) => {
  results.push(m);
  console.log(`${m.name}: ${m.value} ${m.unit}${m.target ? `  (target ${m.target}: ${m.met ? "met" : "MISSED"})` : ""}`);
};

function medians(samples: LoadResult[]) {
  return { rps: median(samples.map((s) => s.rps)), p50: median(samples.map((s) => s.p50)), p99: median(samples.map((s) => s.p99)) };
}

/** What a browser sends with a page request: clients are measured as they fetch. */
const browserHeaders = { "Accept-Encoding": "gzip, deflate, br" };

/** One response exactly as it came over the wire (not decompressed), to be sent again by the bare server. */
function rawResponse(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const kept = Object.entries(response.headers).filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === "string" && !["content-length", "transfer-encoding", "connection", "keep-alive", "date"].includes(entry[0]),
        );
        resolve({ status: response.statusCode ?? 0, headers: Object.fromEntries(kept), body: Buffer.concat(chunks) });
      });
    }).on("error", reject);
  });
}

/** A load run, with the CPU the server spent on each request it answered. */
async function measured(url: string, pid: number, options: Parameters<typeof load>[1]) {
  const before = cpuMs(pid);
  const result = await load(url, options);
  return { ...result, cpuPerRequest: (cpuMs(pid) - before) / Math.max(1, result.requests) };
}

/**
 * Runs of Remit and of the bare server (in its own process, sending the same response) taken in
 * turn. Two ratios: of the requests each answered, and of the CPU each spent per request. On two
 * cores the load generator can limit both servers alike, which flatters the first; the second
 * does not depend on who is the bottleneck. A target is met only when both reach it.
 */
async function againstBare(url: string, pid: number, bareResponse: Awaited<ReturnType<typeof rawResponse>>, options: Parameters<typeof load>[1]) {
  const bare = await startBareServer(4101, bareResponse);
  const ours: Awaited<ReturnType<typeof measured>>[] = [];
  const theirs: Awaited<ReturnType<typeof measured>>[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      ours.push(await measured(url, pid, options));
      theirs.push(await measured(bare.url, bare.child.pid!, options));
    }
  } finally {
    await bare.stop();
  }
  const a = medians(ours);
  const b = medians(theirs);
  const percent = (x: number) => Math.round(x * 1000) / 10;
  const cpuRatio = percent(median(theirs.map((r) => r.cpuPerRequest)) / median(ours.map((r) => r.cpuPerRequest)));
  return {
    ours: a,
    bare: b,
    ratio: Math.min(percent(a.rps / b.rps), cpuRatio),
    byThroughput: percent(a.rps / b.rps),
    byCpu: cpuRatio,
    cpuPerRequestMs: Math.round(median(ours.map((r) => r.cpuPerRequest)) * 1000) / 1000,
    failed: ours.reduce((sum, r) => sum + r.failed, 0),
  };
}

/**
 * The portal home of a client with 50 invoices at 50 connections, as browsers ask for it
 * (compressed): kept as rendered (the default, decision 115), and rendered afresh for every
 * request (PORTAL_CACHE_MB=0), as a first view is.
 */
async function portalHome(on: "embedded" | "postgresql", cache: "kept" | "fresh") {
  const remit = await seededServer(4100, 50, 3, on, cache === "fresh" ? { PORTAL_CACHE_MB: "0" } : {});
  try {
    const options = { connections: 50, seconds, headers: browserHeaders };
    await load(remit.portal, { ...options, seconds: 3 }); // warm-up
    const response = await rawResponse(remit.portal, browserHeaders);
    const { ours, bare, ratio, byThroughput, byCpu, cpuPerRequestMs, failed } = await againstBare(remit.portal, remit.server.child.pid!, response, options);
    const label = `Portal home (50 invoices, ${on} database, ${cache === "kept" ? "kept page" : "rendered each time"})`;
    const target = cache === "kept" ? 30 : 5;
    record({ name: `${label}: requests/s`, value: ours.rps, unit: "req/s", note: `${failed} failed; bare server ${bare.rps} req/s` });
    record({
      name: `${label} vs bare server`,
      value: ratio,
      unit: "%",
      target: `≥ ${target}%`,
      met: ratio >= target,
      note: `the lower of ${byThroughput} % of its requests/s and ${byCpu} % of its CPU per request (${cpuPerRequestMs} ms)`,
    });
    record({ name: `${label} p50 latency`, value: ours.p50, unit: "ms" });
    record({
      name: `${label} p99 latency`,
      value: ours.p99,
      unit: "ms",
      ...(cache === "kept" ? { target: "< 50 ms", met: ours.p99 < 50 } : {}),
    });
    if (on === "embedded") {
      const kib = Math.round(response.body.length / 102.4) / 10;
      record({
        name: `Portal home on the wire (${cache === "kept" ? "kept page" : "first view"})`,
        value: kib,
        unit: "KiB",
        target: "≤ 25 KB",
        met: response.body.length <= 25_000,
        note: `${response.headers["content-encoding"] ?? "not compressed"}`,
      });
    }
  } finally {
    await remit.stop();
  }
}

async function invoicePdf() {
  const remit = await seededServer(4110, 5, 20);
  try {
    const url = `${remit.portal}/invoices/${remit.invoiceIds[0]}/pdf`;
    await load(url, { connections: 4, seconds: 3 });
    const etag = (await fetch(url)).headers.get("etag") ?? "";
    const cold: LoadResult[] = [];
    for (let i = 0; i < runs; i++) cold.push(await load(url, { connections: 4, seconds }));
    const revalidation = { connections: 50, seconds, headers: { "If-None-Match": etag }, expect3xx: true };
    const notModified = await againstBare(url, remit.server.child.pid!, await rawResponse(url, { "If-None-Match": etag }), revalidation);
    const a = medians(cold);
    const b = notModified.ours;
    // Rendered once, then served from storage (decision 116): the renderer alone is `pdf-render`.
    record({ name: "Invoice PDF (20 lines) downloaded, stored after its first render: PDFs/s", value: a.rps, unit: "PDF/s" });
    record({ name: "Invoice PDF downloaded p99", value: a.p99, unit: "ms" });
    record({
      name: "Invoice PDF with If-None-Match (304): responses/s",
      value: b.rps,
      unit: "req/s",
      note: `${notModified.failed} not 304; bare server ${notModified.bare.rps} req/s`,
    });
    record({
      name: "Invoice PDF 304 vs bare server",
      value: notModified.ratio,
      unit: "%",
      target: "≥ 50%",
      met: notModified.ratio >= 50,
      note: `the lower of ${notModified.byThroughput} % of its requests/s and ${notModified.byCpu} % of its CPU per request (${notModified.cpuPerRequestMs} ms)`,
    });
  } finally {
    await remit.stop();
  }
}

/**
 * Server RSS after warm-up and after five batches of portal load (the trend, not one figure). On
 * the embedded database the database lives in the server's process (docs/benchmarks.md); on
 * PostgreSQL it is the database server's.
 */
async function memory(on: "embedded" | "postgresql") {
  const remit = await seededServer(4120, 50, 3, on);
  try {
    const pid = remit.server.child.pid!;
    await load(remit.portal, { connections: 10, seconds: 3 });
    const warm = rssMiB(pid);
    const label = `Server RSS (${on} database)`;
    record({ name: `${label} after warm-up`, value: warm, unit: "MiB", target: "≤ 250 MiB", met: warm <= 250 });
    const trend: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      await load(remit.portal, { connections: 10, seconds: 30, headers: browserHeaders });
      trend.push(rssMiB(pid));
    }
    const afterRequests = Math.max(...trend);
    // Growth: the last batch against the second (the first still warms caches up).
    const growth = trend.at(-1)! - trend[1]!;
    record({
      name: `${label} under the portal load (5 × 30 s, 10 connections), highest`,
      value: afterRequests,
      unit: "MiB",
      target: "≤ 350 MiB",
      met: afterRequests <= 350,
      note: `RSS after each batch: ${trend.join(", ")} MiB`,
    });
    record({ name: `${label} growth from batch 2 to batch 5`, value: growth, unit: "MiB", target: "no growth (≤ 5 MiB)", met: growth <= 5 });
  } finally {
    await remit.stop();
  }
}

/** `count` bursts of 20 commands sent at the same moment; latency of each acknowledgement. */
async function commandBursts(url: string, request: () => { body: string; headers: Record<string, string> }, count: number) {
  const latencies: number[] = [];
  for (let burst = 0; burst < count; burst++) {
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const { body, headers } = request();
        const started = performance.now();
        const response = await fetch(url, { method: "POST", body, headers });
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // a quiet moment between bursts, as in a team's day
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!);
  return { p50: at(0.5), p99: at(0.99) };
}

async function slackAck() {
  const signingSecret = "bench-signing-secret-0123456789abcdef";
  const fakeSlack = await startFakeSlack(4141);
  const remit = await seededServer(4140, 20, 3, "embedded", {
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: "xoxb-1-bench-token",
    SLACK_API_URL: "http://127.0.0.1:4141/api/",
  });
  try {
    const url = `${remit.server.url}/slack/events`;
    const send = (text: string) => signedSlashCommand(signingSecret, text);
    for (const text of ["", "list open"]) {
      const request = send(text);
      await load(url, { connections: 20, seconds: 3, method: "POST", body: request.body, headers: request.headers }); // warm-up
      const samples: LoadResult[] = [];
      for (let i = 0; i < runs; i++) samples.push(await load(url, { connections: 20, seconds, method: "POST", body: request.body, headers: request.headers }));
      const m = medians(samples);
      const what = text ? `/invoice ${text}` : "/invoice (opens the modal)";
      const bursts = await commandBursts(url, () => send(text), 50);
      record({
        name: `Slack ${what}: ack p99, bursts of 20 at once`,
        value: bursts.p99,
        unit: "ms",
        target: "< 300 ms",
        met: bursts.p99 < 300,
        note: `p50 ${bursts.p50} ms over 50 bursts`,
      });
      record({
        name: `Slack ${what}: ack p99, 20 connections sending non-stop`,
        value: m.p99,
        unit: "ms",
        note: `p50 ${m.p50} ms, ${m.rps} commands/s, ${samples.reduce((s, r) => s + r.failed, 0)} failed`,
      });
    }
  } finally {
    await remit.stop();
    fakeSlack.close();
  }
}

const scenarios: Record<string, () => Promise<void>> = {
  slack: slackAck,
  portal: () => portalHome("embedded", "kept"),
  "portal-pg": () => portalHome("postgresql", "kept"),
  "portal-fresh": () => portalHome("embedded", "fresh"),
  "portal-fresh-pg": () => portalHome("postgresql", "fresh"),
  pdf: invoicePdf,
  "pdf-render": () => pdfRender(record, runs, seconds),
  memory: () => memory("embedded"),
  "memory-pg": () => memory("postgresql"),
  startup: () => startup(record),
  scale: () => scale(record),
  "two-instances": () => twoInstances(record),
  stripe: () => stripeWebhooks(record, runs),
  notion: () => notionBackfill(record),
};
const chosen = process.argv.slice(2).filter((name) => name in scenarios);
ensureBuild();
for (const name of chosen.length ? chosen : Object.keys(scenarios)) {
  console.log(`\n== ${name}`);
  await scenarios[name]!();
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = { date: new Date().toISOString(), machine, runs, seconds, results };
writeFileSync(join(root, "bench", "results", "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
const table = results.map((m) => `| ${m.name} | ${m.value} ${m.unit} | ${m.target ? `${m.target}: ${m.met ? "met" : "**missed**"}` : ""} | ${m.note ?? ""} |`);
writeFileSync(
  join(root, "bench", "results", "latest.md"),
  [
    `Measured ${report.date.slice(0, 10)} on ${machine}; medians of ${runs} runs of ${seconds} s.`,
    "",
    "| Measure | Result | Target | Note |",
    "|---|---|---|---|",
    ...table,
    "",
  ].join("\n"),
);
console.log(`\nWritten to bench/results/latest.md (${machine}).`);
