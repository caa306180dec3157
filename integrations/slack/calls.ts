import { setTimeout as sleep } from "node:timers/promises";
import { webApi, type types } from "@slack/bolt";
import { DomainError } from "#app/billing/errors.ts";
import { slackError } from "./errors.ts";

/** Slack rate-limited a call for longer than the person can wait: said in words, nothing was done. */
export class SlackBusyError extends DomainError {
  override name = "SlackBusyError";
  constructor(readonly retryAfterSeconds: number) {
    super(`Slack asked Remit to slow down for ${retryAfterSeconds} ${retryAfterSeconds === 1 ? "second" : "seconds"}. Nothing was done; try again then.`);
  }
}

/**
 * A trigger_id lives three seconds and opens one view: past that, the form cannot open, and
 * running the command again is the way on.
 */
export class ExpiredTriggerError extends DomainError {
  override name = "ExpiredTriggerError";
  constructor() {
    super("Slack gave up waiting for the form to open (it allows an app three seconds). Nothing was done; run the command or press the button again.");
  }
}

const triggerErrors = new Set(["expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"]);

/** How long a call may wait out Slack's Retry-After: a form must open within the trigger's 3 s; work after an ack can wait longer. */
export const waitBudget = { beforeAck: 1_000, trigger: 1_000, afterAck: 10_000 } as const;

/**
 * Runs a Web API call, honouring Slack's 429 Retry-After when the wait fits `maxWaitMs`
 * (twice at most); a longer wait becomes SlackBusyError, which the person reads in words.
 */
export async function honouringRateLimit<T>(call: () => Promise<T>, maxWaitMs: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof webApi.WebAPIRateLimitedError)) throw error;
      const waitMs = error.retryAfter * 1000;
      if (attempt >= 2 || waitMs > maxWaitMs) throw new SlackBusyError(Math.max(1, error.retryAfter));
      await sleep(waitMs);
    }
  }
}

/** views.open for a trigger: Retry-After honoured within the trigger's life; an expired trigger said in words. */
export async function openView(client: webApi.WebClient, triggerId: string, view: types.View) {
  try {
    return await honouringRateLimit(() => client.views.open({ trigger_id: triggerId, view }), waitBudget.trigger);
  } catch (error) {
    if (triggerErrors.has(slackError(error) ?? "")) throw new ExpiredTriggerError();
    throw error;
  }
}

/** views.publish (the Home tab), after the event's ack. */
export function publishView(client: webApi.WebClient, userId: string, view: types.HomeView) {
  return honouringRateLimit(() => client.views.publish({ user_id: userId, view }), waitBudget.afterAck);
}

/** views.update against the hash the person saw; false when the view changed since (`hash_conflict`): the newer one stands. */
export async function updateView(client: webApi.WebClient, viewId: string, hash: string | undefined, view: types.View): Promise<boolean> {
  try {
    await honouringRateLimit(() => client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view }), waitBudget.afterAck);
    return true;
  } catch (error) {
    if (slackError(error) === "hash_conflict") return false;
    throw error;
  }
}
