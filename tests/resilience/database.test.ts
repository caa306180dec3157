// A sick PostgreSQL server, through a TCP proxy the test controls between `remit serve` and the
// database: connections that go silent (a failover, a stuck network device) heal on their own
// within 10 s; with added latency /healthz still answers within a second, and a saturated pool
// answers 503 with Retry-After instead of queueing without end.
import { http, passthrough } from "msw";
import { describe, expect, it, onTestFinished } from "vitest";
import { createServerDatabase } from "#tests/database.ts";
import { mswServer } from "#tests/msw/server.ts";
import { seedPortal, startRemit, waitFor } from "#tests/remit-process.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

const serverUrl = process.env.TEST_DATABASE_URL;

interface Timed {
  status: number;
  ms: number;
  retryAfter: string | null;
}

async function timed(url: string, timeoutMs: number): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started, retryAfter: response.headers.get("retry-after") };
  } catch {
    return { status: 0, ms: performance.now() - started, retryAfter: null };
  }
}

/** How long the server itself took over each /healthz, from its access log. */
function serverHealthMs(lines: string[]): number[] {
  return lines
    .filter((line) => line.startsWith("{") && line.includes('"path":"/healthz"'))
    .map((line) => (JSON.parse(line) as { durationMs: number }).durationMs);
}

/** The client's view, which on a loaded two-core machine includes its own scheduling delays. */
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
}

async function serverBehindProxy(env: Record<string, string> = {}) {
  mswServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
  const { url, drop } = await createServerDatabase(serverUrl!);
  onTestFinished(drop);
  const { portalPath } = await seedPortal(url);
  const target = new URL(url);
  const proxy: TcpProxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  onTestFinished(() => proxy.close());
  const remit = await startRemit({ DATABASE_URL: proxy.url(url), LOG_LEVEL: "info", ...env });
  onTestFinished(() => remit.stop());
  await remit.healthy();
  return { remit, proxy, portal: `${remit.url}${portalPath}` };
}

describe.runIf(serverUrl)("a sick PostgreSQL server", () => {
  it("heals on its own within 10 s when every open connection goes silent, /healthz answering within a second throughout", async () => {
    const { remit, proxy, portal } = await serverBehindProxy();
    // Warm the pool: several connections open, as under real traffic.
    const warm = await Promise.all(Array.from({ length: 8 }, () => timed(portal, 30_000)));
    expect(warm.map((r) => r.status)).toEqual(Array(8).fill(200));

    const silenced = proxy.silenceOpen();
    expect(silenced).toBeGreaterThan(1);
    const silentAt = performance.now();
    const health: Timed[] = [];
    let healedAt = 0;
    const probing = (async () => {
      while (!healedAt && performance.now() - silentAt < 30_000) {
        health.push(await timed(`${remit.url}/healthz`, 5_000));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    // Portal traffic goes on meanwhile: each request meets the silent connections until they are dropped.
    await waitFor(
      "the portal to serve again",
      async () => {
        const results = await Promise.all(Array.from({ length: 4 }, () => timed(portal, 20_000)));
        if (results.every((r) => r.status === 200)) healedAt = performance.now();
        return healedAt > 0;
      },
      30_000,
    );
    await probing;

    const healMs = healedAt - silentAt;
    expect(healMs, `healed after ${Math.round(healMs)} ms`).toBeLessThan(10_000);
    expect(Math.max(...serverHealthMs(remit.lines)), "slowest /healthz in the server").toBeLessThan(1_000);
    expect(p95(health.map((r) => r.ms)), "/healthz p95 seen by the client").toBeLessThan(1_000);
    expect(health.every((r) => r.status === 200 || (r.status === 503 && r.retryAfter === "5"))).toBe(true);
  });

  it("with 500 ms added to every database round trip: /healthz under a second, pages slow but served, a saturated pool answers 503 with Retry-After, nothing hangs", async () => {
    // Pages rendered afresh (a kept page is answered from memory, without the pool this test saturates).
    const { remit, proxy, portal } = await serverBehindProxy({ DATABASE_POOL_SIZE: "4", DATABASE_CONNECT_TIMEOUT_MS: "1500", PORTAL_CACHE_MB: "0" });
    proxy.latencyMs = 500;
    const health: Timed[] = [];
    let probing = true;
    const probes = (async () => {
      while (probing) {
        health.push(await timed(`${remit.url}/healthz`, 5_000));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    /** `clients` clients, each asking for portal pages one after another for `ms`. */
    const load = async (clients: number, ms: number) => {
      const pages: Timed[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() - started < ms) pages.push(await timed(portal, 30_000));
        }),
      );
      return pages;
    };
    const light = await load(2, 8_000);
    const heavy = await load(24, 8_000);
    probing = false;
    await probes;

    expect(Math.max(...serverHealthMs(remit.lines)), "slowest /healthz in the server").toBeLessThan(1_000);
    expect(p95(health.map((r) => r.ms)), "/healthz p95 seen by the client").toBeLessThan(1_000);
    expect(health.filter((r) => r.status === 200).length, "healthy answers").toBeGreaterThan(health.length / 2);
    expect(light.length).toBeGreaterThan(0);
    expect(
      light.every((r) => r.status === 200),
      "light load is served, slowly",
    ).toBe(true);
    const unavailable = heavy.filter((r) => r.status === 503);
    expect(unavailable.length, "a saturated pool refuses some").toBeGreaterThan(0);
    expect(heavy.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    expect(unavailable.every((r) => r.retryAfter === "5")).toBe(true);
    // Bounded: the pool wait (1.5 s) plus the page's own queries at 500 ms each, never an endless queue.
    expect(Math.max(...heavy.map((r) => r.ms)), "slowest portal answer").toBeLessThan(15_000);
    proxy.latencyMs = 0;
    expect((await timed(portal, 10_000)).status).toBe(200);
  });
});
