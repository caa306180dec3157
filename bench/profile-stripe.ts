// Where a Stripe webhook's work goes, on PostgreSQL: `npm run bench:profile-stripe`.
// Seeds invoices whose clients pressed Pay (as the `stripe` scenario does), runs the production
// server under `--cpu-prof` with its database connections through a counting proxy
// (lib/pg-counter.ts), sends signed checkout.session.completed events one after another (after
// a warm-up) and waits until the outbox has nothing left to deliver. Prints, per event, the
// SQL statements and round trips the server sent (with each statement's text), the deliveries
// the events made, and the server's CPU by package and function. Neither figure depends on how
// loaded the machine is. The profile is kept in bench/results/ for DevTools.
import { mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { ensureBuild } from "#scripts/ensure-build.mjs";
import { serveOnLoopback } from "#tests/msw/loopback.ts";
import { FakeStripe, signedDelivery, stripeEnv, stripeEvent } from "#tests/msw/stripe.ts";
import { summariseProfile } from "./lib/cpu-profile.ts";
import { startPgCounter } from "./lib/pg-counter.ts";
import { cpuMs, root, runScript, startServer } from "./lib/processes.ts";
import { postgresDatabase } from "./lib/servers.ts";
import { paymentServerEnv } from "./stripe.ts";

const events = Number(process.env.BENCH_PROFILE_EVENTS ?? 300);
const warmup = 50;

ensureBuild();
const fake = new FakeStripe();
const stripeApi = await serveOnLoopback(fake.handlers(), { origin: stripeEnv.STRIPE_API_URL });
const database = await postgresDatabase();
const counter = await startPgCounter(database.env.DATABASE_URL);
const profiles = mkdtempSync(join(tmpdir(), "remit-cpuprofile-"));
const dataDir = mkdtempSync(join(tmpdir(), "remit-profile-"));
const env: Record<string, string> = { ...database.env, DATA_DIR: dataDir, ...paymentServerEnv(4181, stripeApi.url) };
const direct = new pg.Client({ connectionString: database.env.DATABASE_URL });
let stopServer = async () => {};
try {
  const { sessions } = JSON.parse(await runScript("bench/lib/seed-payments.ts", [String(warmup + events)], env)) as { sessions: string[] };
  await direct.connect();
  const server = await startServer({ ...env, DATABASE_URL: counter.url }, { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profiles}`] });
  stopServer = server.stop;
  const pid = server.child.pid!;
  const url = `${server.url}/webhooks/stripe`;
  const deliver = async (session: string) => {
    const delivery = signedDelivery(stripeEvent("checkout.session.completed", fake.pay(session).completed), { timestamp: Math.floor(Date.now() / 1000) });
    const response = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
    const answer = await response.text();
    if (!answer.includes('"outcome":"applied"')) throw new Error(`An event was not applied: ${response.status} ${answer}`);
  };
  const pending = async () => Number((await direct.query<{ n: string }>(`SELECT count(*) AS n FROM "Delivery" WHERE "status" = 'pending'`)).rows[0]?.n);
  const settled = async () => {
    while ((await pending()) > 0) await sleep(100);
  };
  for (const session of sessions.slice(0, warmup)) await deliver(session);
  await settled();
  await sleep(6000); // the start-up catch-up jobs have run

  // What the server sends while nothing happens (the dispatcher's and jobs' polls), to take off.
  counter.reset();
  const idleStarted = performance.now();
  await sleep(5000);
  const idlePerMs = counter.read().statements / (performance.now() - idleStarted);

  const deliveriesBefore = await direct.query<{ subscriber: string; n: string }>(`SELECT "subscriber", count(*) AS n FROM "Delivery" GROUP BY 1`);
  counter.reset();
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  for (const session of sessions.slice(warmup)) await deliver(session);
  const answered = performance.now() - started;
  const duringWebhooks = { ...counter.read(), texts: new Map(counter.read().texts) };
  await settled();
  const measured = performance.now() - started;
  const cpu = cpuMs(pid) - cpuBefore;
  const all = counter.read();
  const deliveriesAfter = await direct.query<{ subscriber: string; n: string }>(`SELECT "subscriber", count(*) AS n FROM "Delivery" GROUP BY 1`);
  await stopServer();
  stopServer = async () => {};

  const per = (n: number) => (n / events).toFixed(2);
  const idleShare = idlePerMs * measured;
  console.log(`Stripe webhooks on PostgreSQL, ${events} checkout.session.completed sent one after another: ${(answered / events).toFixed(1)} ms each`);
  console.log(
    `SQL per event, webhooks answered: ${per(duringWebhooks.statements)} statements, ${per(duringWebhooks.roundTrips)} round trips` +
      `\nSQL per event, until the outbox was empty: ${per(all.statements)} statements, ${per(all.roundTrips)} round trips` +
      ` (of which about ${per(idleShare)} are the polls an idle server makes anyway)`,
  );
  const before = new Map(deliveriesBefore.rows.map((row) => [row.subscriber, Number(row.n)]));
  const made = deliveriesAfter.rows.map((row) => `${row.subscriber} ${per(Number(row.n) - (before.get(row.subscriber) ?? 0))}`);
  console.log(`Outbox deliveries per event: ${made.join(", ") || "none"}`);
  const texts = [...duringWebhooks.texts].sort((a, b) => b[1] - a[1]);
  console.log(
    `\nStatements per event while the webhooks were answered:\n${texts.map(([text, n]) => `${per(n).padStart(6)}  ${text.replace(/\s+/g, " ").slice(0, 160)}`).join("\n")}`,
  );
  const later = [...all.texts].map(([text, n]) => [text, n - (duringWebhooks.texts.get(text) ?? 0)] as const).filter(([, n]) => n > 0);
  console.log(
    `\nStatements per event after the last answer, until the outbox was empty:\n${later.map(([text, n]) => `${per(n).padStart(6)}  ${text.replace(/\s+/g, " ").slice(0, 160)}`).join("\n") || "none"}`,
  );
  console.log(`\nServer CPU: ${(cpu / events).toFixed(1)} ms per event (from /proc, webhooks and their deliveries)`);

  const file = readdirSync(profiles).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("The server wrote no CPU profile");
  const saved = join(root, "bench", "results", "stripe-webhooks-postgresql.cpuprofile");
  renameSync(join(profiles, file), saved);
  // Only the measured events: the profile's last `measured` milliseconds (and the stop after them).
  console.log(summariseProfile(saved, measured + 300, events, "event"));
  console.log(`\nThe whole profile (open it in Chrome's DevTools): ${saved}`);
} finally {
  await stopServer();
  await direct.end().catch(() => {});
  await counter.close();
  await database.drop();
  await stripeApi.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profiles, { recursive: true, force: true });
}
