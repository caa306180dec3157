import { setTimeout as sleep } from "node:timers/promises";

/**
 * Runs `work` and answers no sooner than `ms` after it started, so how long an answer took
 * does not tell which way the work went (a matching address or not).
 */
export async function answerNoSoonerThan<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const deadline = sleep(ms);
  const [result] = await Promise.all([work(), deadline]);
  return result;
}
