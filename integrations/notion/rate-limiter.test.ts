import { describe, expect, it } from "vitest";
import { manualClock } from "#tests/clock.ts";
import { createRateLimiter, LimiterBusyError, paceFor, serverWindowMs } from "./rate-limiter.ts";

/** Most starts seen in any window [t, t + windowMs). */
function busiestWindow(starts: number[], windowMs: number): number {
  return Math.max(0, ...starts.map((start) => starts.filter((other) => other >= start && other < start + windowMs).length));
}

describe("rate limiter", () => {
  it("starts at most 3 requests in any second per key, without sleeping for real", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ requests: 3, windowMs: 1000, maxWaitMs: 60_000, clock });
    const starts: number[] = [];
    const began = clock.now();
    await Promise.all(Array.from({ length: 30 }, () => limiter.schedule("token-a", "ws-1", async () => void starts.push(clock.now()))));
    expect(starts).toHaveLength(30);
    expect(busiestWindow(starts, 1000)).toBe(3);
    // 30 requests at 3/s: the last starts 9 s after the first.
    expect(clock.now() - began).toBe(9000);
  });

  it("paces Notion's 3 per second just under it: a request may arrive 25 ms early and still not be a fourth in a second", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ ...paceFor(3), maxWaitMs: 600_000, clock });
    const starts: number[] = [];
    const began = clock.now();
    await Promise.all(Array.from({ length: 1000 }, () => limiter.schedule("token-a", "ws-1", async () => void starts.push(clock.now()))));
    // Each start shifted by up to 25 ms of jitter towards its predecessors still fits Notion's window.
    expect(busiestWindow(starts, 1025)).toBe(3);
    // …and costs no more than 5 % over 1,000 requests at exactly 3 per second.
    expect((clock.now() - began) / ((999 / 3) * 1000)).toBeLessThanOrEqual(1.05);
    expect(paceFor(0.5)).toEqual({ requests: 1, windowMs: 2060 });
  });

  it("starts a request no sooner than a full second after the answer to the one it replaces in the window, however long answers take", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ ...paceFor(3), afterAnswerMs: serverWindowMs(3), maxWaitMs: 600_000, clock });
    const sent: { start: number; answered: number }[] = [];
    const latencies = [5, 120, 40, 300, 10, 80, 15, 250, 60];
    await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        limiter.schedule("token-a", "ws-1", async () => {
          const start = clock.now();
          await clock.sleep(latencies[i % latencies.length]!);
          sent.push({ start, answered: clock.now() });
        }),
      ),
    );
    // Each request reached the server somewhere between its start and its answer: even if the
    // third one back arrived as late as its answer and this one as early as its start, the server
    // counts no fourth request in a second.
    sent.sort((a, b) => a.start - b.start);
    for (let i = 3; i < sent.length; i++) expect(sent[i]!.start - sent[i - 3]!.answered).toBeGreaterThanOrEqual(1000);
    expect(serverWindowMs(3)).toBe(1000);
    expect(serverWindowMs(0.5)).toBe(2000);
  });

  it("serves workspaces sharing a token in turn, and other tokens independently", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ requests: 3, windowMs: 1000, maxWaitMs: 60_000, clock });
    const order: string[] = [];
    const busy = Array.from({ length: 9 }, (_, i) => limiter.schedule("shared", "busy", async () => void order.push(`busy${i}`)));
    const quiet = Array.from({ length: 3 }, (_, i) => limiter.schedule("shared", "quiet", async () => void order.push(`quiet${i}`)));
    await Promise.all([...busy, ...quiet]);
    // The first three go at once; then the waiting workspaces take turns, so the quiet one does
    // not wait behind all nine of the busy one's requests.
    expect(order).toEqual(["busy0", "busy1", "busy2", "busy3", "quiet0", "busy4", "quiet1", "busy5", "quiet2", "busy6", "busy7", "busy8"]);

    const other: number[] = [];
    const at = clock.now();
    await Promise.all(Array.from({ length: 3 }, () => limiter.schedule("another-token", "ws", async () => void other.push(clock.now()))));
    expect(other).toEqual([at, at, at]);
  });

  it("holds a key back while paused, and turns away a caller who would wait too long", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ requests: 3, windowMs: 1000, maxWaitMs: 10_000, clock });
    const pausedAt = clock.now();
    limiter.pause("token", pausedAt + 4000);
    const startedAt = await limiter.schedule("token", "ws", async () => clock.now());
    expect(startedAt).toBe(pausedAt + 4000);

    limiter.pause("token", clock.now() + 30_000);
    await expect(limiter.schedule("token", "ws", async () => "never")).rejects.toBeInstanceOf(LimiterBusyError);
    await expect(limiter.schedule("token", "ws", async () => "never")).rejects.toMatchObject({ retryAfterMs: 30_000 });
  });

  it("passes a task's own failure to its caller and goes on with the next", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ requests: 1, windowMs: 100, maxWaitMs: 10_000, clock });
    const failing = limiter.schedule("token", "ws", async () => {
      throw new Error("boom");
    });
    const next = limiter.schedule("token", "ws", async () => "ok");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
  });
});
