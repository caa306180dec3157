// Stripe webhook ingestion benchmark: signed checkout.session.completed events for distinct
// invoices, sent by BENCH_STRIPE_CONNECTIONS (20) concurrent senders to the production server,
// on PostgreSQL (the target) and on the embedded database (for comparison). The server reads
// each session's PaymentIntent from a fake Stripe on loopback, as it would from Stripe.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServerDatabase } from "#tests/database.ts";
import { serveOnLoopback } from "#tests/msw/loopback.ts";
import { FakeStripe, signedDelivery, stripeEnv, stripeEvent } from "#tests/msw/stripe.ts";
import { median } from "./lib/load.ts";
import type { Recorder } from "./lib/measurement.ts";
import { runScript, startServer } from "./lib/processes.ts";
import { postgresServer } from "./lib/servers.ts";

type Delivery = ReturnType<typeof signedDelivery>;

const events = Number(process.env.BENCH_STRIPE_EVENTS ?? 1000);
const connections = Number(process.env.BENCH_STRIPE_CONNECTIONS ?? 20);
const warmup = Math.min(200, events);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0);
}

/** Posts every delivery once, `connections` at a time; an answer other than "applied" counts as failed. */
async function send(url: string, deliveries: Delivery[]) {
  let next = 0;
  let failed = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let delivery = deliveries[next++]; delivery; delivery = deliveries[next++]) {
        const sentAt = performance.now();
        const response = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
        const answer = (await response.json().catch(() => null)) as { outcome?: string } | null;
        latencies.push(performance.now() - sentAt);
        if (response.status !== 200 || answer?.outcome !== "applied") failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: Math.round(deliveries.length / seconds), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), failed };
}

async function ingestion(kind: "postgresql" | "embedded", record: Recorder, runs: number): Promise<void> {
  const fake = new FakeStripe();
  const stripeApi = await serveOnLoopback(fake.handlers(), { origin: stripeEnv.STRIPE_API_URL });
  const port = kind === "postgresql" ? 4130 : 4131;
  const env = paymentServerEnv(port, stripeApi.url);
  let cleanup: () => Promise<void> | void;
  if (kind === "postgresql") {
    const database = await createServerDatabase(postgresServer);
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), "remit-bench-"));
    env.DATA_DIR = dataDir;
    cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  }
  try {
    const { sessions } = JSON.parse(await runScript("bench/lib/seed-payments.ts", [String(warmup + runs * events)], env)) as { sessions: string[] };
    const server = await startServer(env);
    try {
      // Signed just before sending: Stripe's signatures are only good for 5 minutes.
      const signed = (ids: string[]) =>
        ids.map((id) => signedDelivery(stripeEvent("checkout.session.completed", fake.pay(id).completed), { timestamp: Math.floor(Date.now() / 1000) }));
      const url = `${server.url}/webhooks/stripe`;
      await send(url, signed(sessions.slice(0, warmup)));
      const samples = [];
      for (let run = 0; run < runs; run++) samples.push(await send(url, signed(sessions.slice(warmup + run * events, warmup + (run + 1) * events))));
      const rate = median(samples.map((s) => s.rate));
      const failed = samples.reduce((sum, s) => sum + s.failed, 0);
      const where = kind === "postgresql" ? "PostgreSQL" : "the embedded database";
      const target = kind === "postgresql" ? { target: "≥ 300/s", met: rate >= 300 } : {};
      record({
        name: `Stripe webhooks on ${where} (${events} checkout.session.completed, ${connections} concurrent)`,
        value: rate,
        unit: "events/s",
        ...target,
        note: `${failed} not applied`,
      });
      record({
        name: `Stripe webhook p99 latency on ${where}`,
        value: median(samples.map((s) => s.p99)),
        unit: "ms",
        note: `p50 ${median(samples.map((s) => s.p50))} ms`,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await cleanup();
    await stripeApi.close();
  }
}

export async function stripeWebhooks(record: Recorder, runs: number): Promise<void> {
  await ingestion("postgresql", record, runs);
  await ingestion("embedded", record, runs);
}

/** A server's settings for taking payments through the fake Stripe at `stripeApiUrl`, on `port`, with keys of its own. */
export function paymentServerEnv(port: number, stripeApiUrl: string): Record<string, string> {
  return {
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DEMO: "off",
    STRIPE_SECRET_KEY: stripeEnv.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: stripeEnv.STRIPE_WEBHOOK_SECRET,
    STRIPE_API_URL: stripeApiUrl,
    PORTAL_SIGNING_KEYS: `bench:${randomBytes(32).toString("base64url")}`,
    ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
  };
}
