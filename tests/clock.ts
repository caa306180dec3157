import type { Clock } from "#integrations/notion/rate-limiter.ts";

/**
 * The suite's one time. Every test runs at this instant unless it moves a clock of its own
 * forward from here, so no test depends on the date it runs on (docs/decisions/007).
 */
export const testEpoch = Date.parse("2026-11-21T09:00:00Z");

/** The suite's time as a Date, for domain calls that take `now`. */
export const testNow = new Date(testEpoch);

/** A clock the test moves by hand, for code that takes `now: () => Date`. */
export function testClock(start = testEpoch) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/**
 * A clock that only moves when someone sleeps on it: sleeping advances time at once. Exact for
 * one sleeper at a time (one limiter key, a sequential backfill); tests then measure rates
 * without waiting for real time.
 */
export function manualClock(start = testEpoch): Clock & { slept: number } {
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
