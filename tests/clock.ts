import type { Clock } from "#integrations/notion/rate-limiter.ts";

/**
 * A clock that only moves when someone sleeps on it: sleeping advances time at once. Exact for
 * one sleeper at a time (one limiter key, a sequential backfill); tests then measure rates
 * without waiting for real time.
 */
export function manualClock(start = Date.parse("2026-11-21T09:00:00Z")): Clock & { slept: number } {
  let now = start;
  const clock = {
    slept: 0,
    now: () => now,
    sleep: async (ms: number) => {
      const step = Math.max(0, ms);
      now += step;
      clock.slept += step;
    },
  };
  return clock;
}
