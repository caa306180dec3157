import type { Database } from "./database.server.ts";

/** A load balancer gives up on a health check after about a second: answer well within it. */
export const healthDeadlineMs = 750;

export interface Health {
  status: "ok" | "unavailable";
  database: { kind: Database["kind"]; ok: boolean; latencyMs: number };
}

export interface HealthResult extends Health {
  /** What went wrong, for the log only: strangers see no error text. */
  error?: unknown;
}

/** Whether the database answered a trivial query within the deadline. */
export async function checkHealth(database: Database, deadlineMs = healthDeadlineMs): Promise<HealthResult> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await database.ping(deadlineMs);
    return { status: "ok", database: { kind: database.kind, ok: true, latencyMs: latency() } };
  } catch (error) {
    return { status: "unavailable", database: { kind: database.kind, ok: false, latencyMs: latency() }, error };
  }
}

/**
 * Health as /healthz reports it. Started (by the server), it checks the database every second in
 * the background and answers from the latest check, so a slow database or a storm of probes never
 * makes /healthz itself slow; a check older than `staleMs`, or none, is made on demand.
 */
export function createHealthMonitor(database: Database, options: { intervalMs?: number; staleMs?: number; deadlineMs?: number } = {}) {
  const { intervalMs = 1_000, staleMs = 2_500, deadlineMs = healthDeadlineMs } = options;
  let latest: { result: HealthResult; at: number } | null = null;
  let inFlight: Promise<HealthResult> | null = null;
  let timer: NodeJS.Timeout | null = null;

  function probe(): Promise<HealthResult> {
    inFlight ??= checkHealth(database, deadlineMs)
      .then((result) => {
        latest = { result, at: performance.now() };
        return result;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  return {
    current(): Promise<HealthResult> {
      if (latest && performance.now() - latest.at < staleMs) return Promise.resolve(latest.result);
      return probe();
    },
    start(): void {
      timer ??= setInterval(() => void probe(), intervalMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
