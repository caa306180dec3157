// Benchmarks of whole servers: start-up, a workspace at scale, and two instances on one database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { signedEvent, signedSlashCommand, startFakeSlack } from "./lib/fake-slack.ts";
import { load, median } from "./lib/load.ts";
import type { Recorder } from "./lib/measurement.ts";
import { runScript, startServer } from "./lib/processes.ts";
import { postgresDatabase, seededServer } from "./lib/servers.ts";

const runs = Number(process.env.BENCH_RUNS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

/** Start-up to the first healthy `/healthz` of a built app on a seeded database, as `npm start` does after the first time. */
export async function startup(record: Recorder) {
  for (const on of ["embedded", "postgresql"] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), "remit-bench-"));
    const postgres = on === "postgresql" ? await postgresDatabase() : null;
    const env = { DATA_DIR: dataDir, PORT: "4150", DEMO: "off", PUBLIC_URL: "http://127.0.0.1:4150", ...postgres?.env };
    try {
      await runScript("bench/lib/seed.ts", ["50", "3"], env);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const server = await startServer(env);
        times.push(server.startedIn);
        await server.stop();
      }
      const value = median(times);
      record({ name: `Start-up to /healthz (${on} database)`, value, unit: "ms", target: "≤ 3 s", met: value <= 3000, note: `runs: ${times.join(", ")} ms` });
    } finally {
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const signingSecret = "bench-signing-secret-0123456789abcdef";
/** Customers of the large workspace (about 100 invoices each); fewer for a quick check. */
const customers = Number(process.env.BENCH_SCALE_CUSTOMERS ?? 1000);

/**
 * Waits until the server's start-up catch-up (overdue notices, reminders, engagement: a few
 * seconds of work on 100,000 invoices, starting five seconds after start) has finished, so the
 * timings are of the requests and not of that: the database has run nothing for two seconds.
 */
async function quietDatabase(databaseUrl: string) {
  await sleep(6_000);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (let quiet = 0; quiet < 4; await sleep(500)) {
      const { rows } = await client.query<{ busy: number }>(
        `SELECT count(*)::int AS busy FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`,
      );
      quiet = rows[0]!.busy === 0 ? quiet + 1 : 0;
    }
  } finally {
    await client.end();
  }
}

/** Sequential timings (ms) of `count` calls of `once`, after three to warm up; the median. */
async function medianOf(count: number, once: () => Promise<number>) {
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await once());
  return Math.round(median(times.map((t) => t * 10)) / 10);
}

/**
 * What a vendor and a big client wait for on a small workspace and on one with 1,000 customers
 * and about 100,000 invoices (the client with 2,000), on PostgreSQL: the portal home rendered
 * afresh, `/invoice list` until its answer reaches Slack, and the App Home until it is published.
 */
export async function scale(record: Recorder) {
  let heard: { path: string; resolve: () => void } | null = null;
  const fakeSlack = await startFakeSlack(4141, 0, (path) => {
    if (heard && path.includes(heard.path)) heard.resolve();
  });
  const until = (path: string) => new Promise<void>((resolve) => (heard = { path, resolve }));
  const slackEnv = {
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: "xoxb-1-bench-token",
    SLACK_API_URL: "http://127.0.0.1:4141/api/",
    PORTAL_CACHE_MB: "0",
  };
  const sizes = {
    small: { label: "1 client, 50 invoices", seed: { script: "bench/lib/seed.ts", args: ["50", "3"] } },
    large: {
      label: `${customers.toLocaleString("en")} customers, ~${(customers * 100).toLocaleString("en")} invoices, the client 2,000`,
      seed: { script: "bench/lib/seed-scale.ts", args: [String(customers), "2000"] },
    },
  };
  const measured: Record<string, Record<"portal" | "list" | "home", number>> = {};
  try {
    for (const [size, { seed }] of Object.entries(sizes)) {
      const remit = await seededServer(4160, 0, 0, "postgresql", slackEnv, seed);
      try {
        await quietDatabase(remit.env.DATABASE_URL!);
        const events = `${remit.server.url}/slack/events`;
        const timed = async (path: string, request: { body: string; headers: Record<string, string> }) => {
          const started = performance.now();
          const answered = until(path);
          await (await fetch(events, { method: "POST", ...request })).arrayBuffer();
          await answered;
          return performance.now() - started;
        };
        measured[size] = {
          portal: await medianOf(50, async () => {
            const started = performance.now();
            await (await fetch(remit.portal, { headers: { "Accept-Encoding": "br" } })).arrayBuffer();
            return performance.now() - started;
          }),
          list: await medianOf(20, () => timed("/commands/", signedSlashCommand(signingSecret, "list"))),
          home: await medianOf(20, () =>
            timed("views.publish", signedEvent(signingSecret, { type: "app_home_opened", user: "U0BENCH", channel: "D0BENCH", tab: "home" })),
          ),
        };
      } finally {
        await remit.stop();
      }
    }
  } finally {
    fakeSlack.close();
  }
  const names = { portal: "Portal home, rendered afresh", list: "/invoice list until its answer reaches Slack", home: "App Home until published" } as const;
  for (const what of ["portal", "list", "home"] as const) {
    const small = measured.small![what];
    const large = measured.large![what];
    const ratio = Math.round((large / small) * 100) / 100;
    record({
      name: `At scale (${sizes.large.label}): ${names[what]}`,
      value: ratio,
      unit: "× small-data latency",
      target: "≤ 2×",
      met: ratio <= 2,
      note: `median ${large} ms against ${small} ms with ${sizes.small.label}; PostgreSQL`,
    });
  }
}

/**
 * Kept portal pages from two instances on one PostgreSQL server against one instance, each
 * instance pinned to a core of its own (taskset); the load generator and PostgreSQL share them.
 */
export async function twoInstances(record: Recorder) {
  const dataDir = mkdtempSync(join(tmpdir(), "remit-bench-"));
  const postgres = await postgresDatabase();
  const envFor = (port: number) => ({ DATA_DIR: dataDir, PORT: String(port), DEMO: "off", PUBLIC_URL: `http://127.0.0.1:4170`, ...postgres.env });
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  try {
    const { portal } = JSON.parse(await runScript("bench/lib/seed.ts", ["50", "3"], envFor(4170))) as { portal: string };
    const second = portal.replace(":4170/", ":4171/");
    const options = { connections: 50, seconds, headers: { "Accept-Encoding": "gzip, deflate, br" } };
    servers.push(await startServer(envFor(4170), { cpu: 0 }));
    await load(portal, { ...options, seconds: 3 });
    const one: number[] = [];
    for (let i = 0; i < runs; i++) one.push((await load(portal, options)).rps);
    servers.push(await startServer(envFor(4171), { cpu: 1 }));
    await load(second, { ...options, seconds: 3 });
    const two: number[] = [];
    for (let i = 0; i < runs; i++) {
      const both = await Promise.all([portal, second].map((url) => load(url, { ...options, connections: 25 })));
      two.push(both.reduce((sum, r) => sum + r.rps, 0));
    }
    const ratio = Math.round((median(two) / median(one)) * 100) / 100;
    record({
      name: "Two instances on one PostgreSQL server: kept portal home throughput against one",
      value: ratio,
      unit: "×",
      target: "≥ 1.7×",
      met: ratio >= 1.7,
      note: `${median(two)} against ${median(one)} req/s; each instance pinned to one core of two, load generator and PostgreSQL unpinned`,
    });
  } finally {
    for (const server of servers) await server.stop();
    await postgres.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
