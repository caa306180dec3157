/** Time as the limiter sees it: injectable, so tests measure rates without sleeping. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The request would have waited longer than the limiter allows: try again after `retryAfterMs`. */
export class LimiterBusyError extends Error {
  override name = "LimiterBusyError";
  constructor(readonly retryAfterMs: number) {
    super(`Notion requests for this integration are paused for ${Math.ceil(retryAfterMs / 1000)} s.`);
  }
}

export interface RateLimiterOptions {
  /** At most this many request starts… */
  requests: number;
  /** …in any window of this many milliseconds, per key. */
  windowMs: number;
  /**
   * …and none sooner than this after the answer to the request `requests` starts back came in.
   * That request reached the server before its answer left, so however late it travelled, the
   * two are this far apart where the server counts (docs/decisions/167). None when absent.
   */
  afterAnswerMs?: number;
  /** A waiter that would start later than this after asking gives up with LimiterBusyError. */
  maxWaitMs: number;
  clock?: Clock;
}

interface Waiter {
  /** Runs the task, calls `settled` once it has its answer (or failed), then tells the caller. */
  run: (settled: () => void) => void;
  reject: (error: Error) => void;
  deadline: number;
}

interface Slot {
  start: number;
  /** When its answer came in; null while it is in flight. */
  answered: number | null;
}

interface Bucket {
  /** The latest requests, oldest first (at most `requests` of them). */
  slots: Slot[];
  inFlight: number;
  /** The pump waiting for an answer. */
  onAnswer: (() => void) | null;
  pausedUntil: number;
  /** Waiters by lane; Map order is the round-robin order (a served lane moves to the back). */
  lanes: Map<string, Waiter[]>;
  pumping: boolean;
}

/**
 * How much slower than the documented rate Remit paces itself. A request sent exactly on the
 * window's edge can arrive inside the server's window (network jitter), and each `429` then
 * holds the whole token back for a `Retry-After` of a second: 3 % under the rate costs 3 % and
 * leaves 30 ms of jitter per second to spare (docs/decisions/031).
 */
export const paceMargin = 0.03;

/** "`rate` requests per second", paced just under it: whole requests per a slightly longer window. */
export function paceFor(rate: number): Pick<RateLimiterOptions, "requests" | "windowMs"> {
  const requests = Math.max(1, Math.floor(rate));
  return { requests, windowMs: Math.round(((requests * 1000) / rate) * (1 + paceMargin)) };
}

/** The server's own window for `paceFor(rate).requests` requests: what must pass after an answer. */
export function serverWindowMs(rate: number): number {
  return Math.ceil((paceFor(rate).requests * 1000) / rate);
}

/**
 * A sliding-window limiter per key (an integration token): at most `requests` starts in any
 * `windowMs`, each at least `afterAnswerMs` after the answer of the request it replaces in the window. Waiting callers are served round-robin by lane (a workspace), so a workspace with
 * a long queue cannot starve another that shares the token. `pause` holds a key back after the
 * server said so (HTTP 429 with Retry-After).
 */
export function createRateLimiter(options: RateLimiterOptions) {
  const clock = options.clock ?? systemClock;
  const buckets = new Map<string, Bucket>();

  function bucketFor(key: string): Bucket {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { slots: [], inFlight: 0, onAnswer: null, pausedUntil: 0, lanes: new Map(), pumping: false };
      buckets.set(key, bucket);
    }
    return bucket;
  }

  /** The request whose place in the window the next one takes, once the window is full. */
  function replaced(bucket: Bucket): Slot | undefined {
    return bucket.slots.length >= options.requests ? bucket.slots[bucket.slots.length - options.requests] : undefined;
  }

  function readyAt(bucket: Bucket, now: number, slot: Slot | undefined, answered: number): number {
    const windowFreesAt = slot ? Math.max(slot.start + options.windowMs, answered + (options.afterAnswerMs ?? 0)) : now;
    return Math.max(now, bucket.pausedUntil, windowFreesAt);
  }

  function nextAnswer(bucket: Bucket): Promise<void> {
    return new Promise((resolve) => {
      bucket.onAnswer = resolve;
    });
  }

  function nextWaiter(bucket: Bucket): Waiter | undefined {
    for (const [lane, waiters] of bucket.lanes) {
      const waiter = waiters.shift();
      bucket.lanes.delete(lane);
      if (waiters.length) bucket.lanes.set(lane, waiters);
      if (waiter) return waiter;
    }
    return undefined;
  }

  function dropLateWaiters(bucket: Bucket, startAt: number): void {
    for (const [lane, waiters] of bucket.lanes) {
      const keep = waiters.filter((waiter) => {
        if (waiter.deadline >= startAt) return true;
        waiter.reject(new LimiterBusyError(startAt - clock.now()));
        return false;
      });
      if (keep.length) bucket.lanes.set(lane, keep);
      else bucket.lanes.delete(lane);
    }
  }

  async function pump(bucket: Bucket): Promise<void> {
    if (bucket.pumping) return;
    bucket.pumping = true;
    try {
      while (bucket.lanes.size > 0) {
        const now = clock.now();
        const slot = replaced(bucket);
        // Its place frees only after its answer: wait for that before counting.
        if (slot && slot.answered === null) {
          await nextAnswer(bucket);
          continue;
        }
        const startAt = readyAt(bucket, now, slot, slot?.answered ?? now);
        if (startAt > now) {
          dropLateWaiters(bucket, startAt);
          if (bucket.lanes.size === 0) continue;
          // Answers still due come in before sleeping, so each is stamped when it came, not after the sleep.
          await (bucket.inFlight > 0 ? nextAnswer(bucket) : clock.sleep(startAt - now));
          continue;
        }
        const waiter = nextWaiter(bucket);
        if (!waiter) continue;
        const started: Slot = { start: now, answered: null };
        bucket.slots.push(started);
        if (bucket.slots.length > options.requests) bucket.slots.shift();
        bucket.inFlight++;
        waiter.run(() => {
          started.answered = clock.now();
          bucket.inFlight--;
          const wake = bucket.onAnswer;
          bucket.onAnswer = null;
          wake?.();
        });
      }
    } finally {
      bucket.pumping = false;
    }
  }

  /** Runs `task` when the key's rate allows, after the waiting tasks of other lanes had their turn. */
  function schedule<T>(key: string, lane: string, task: () => Promise<T>): Promise<T> {
    const bucket = bucketFor(key);
    const now = clock.now();
    const deadline = now + options.maxWaitMs;
    if (bucket.pausedUntil > deadline) return Promise.reject(new LimiterBusyError(bucket.pausedUntil - now));
    return new Promise<T>((resolve, reject) => {
      const waiters = bucket.lanes.get(lane) ?? [];
      waiters.push({ run: (settled) => void task().finally(settled).then(resolve, reject), reject, deadline });
      bucket.lanes.set(lane, waiters);
      void pump(bucket);
    });
  }

  /** Holds every request of `key` back until `untilMs` (the server asked for it). */
  function pause(key: string, untilMs: number): void {
    const bucket = bucketFor(key);
    bucket.pausedUntil = Math.max(bucket.pausedUntil, untilMs);
  }

  return { schedule, pause };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
