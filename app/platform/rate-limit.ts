/**
 * A fixed-window counter per key, in memory (per instance). Enough to slow down guessing
 * and form abuse; old windows are dropped as they pass so memory stays bounded.
 */
export interface RateLimiter {
  /** Counts one hit; says whether it is within the limit, and if not when to retry. */
  hit(key: string): { allowed: boolean; retryAfterSeconds: number };
}

export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();

  function current(key: string) {
    const at = now();
    if (at - lastSweep > windowMs) {
      for (const [k, w] of windows) if (at - w.start >= windowMs) windows.delete(k);
      lastSweep = at;
    }
    const window = windows.get(key);
    return window && at - window.start < windowMs ? window : null;
  }

  const retryAfter = (window: { start: number }) => Math.max(1, Math.ceil((window.start + windowMs - now()) / 1000));

  return {
    hit(key) {
      const window = current(key) ?? { start: now(), count: 0 };
      window.count++;
      windows.set(key, window);
      return { allowed: window.count <= limit, retryAfterSeconds: window.count <= limit ? 0 : retryAfter(window) };
    },
  };
}
