import { redirect } from "@remix-run/node";
import { noStore } from "./guard.server.ts";

/** How long a return page waits for Stripe's webhook before saying so in words. */
const returnWaitMs = 90_000;

/**
 * A return page's wait, on the app's clock (docs/decisions/104): the first "waiting" answer
 * stamps the URL with when the wait began (`since`, a redirect), and past `returnWaitMs` the page
 * stops polling and explains instead. The stamp only changes what the page says, never what is recorded.
 */
export function returnWait(url: URL, state: string, now: Date): { delayed: boolean } | null {
  if (state !== "waiting") return null;
  const since = Number(url.searchParams.get("since"));
  if (!Number.isSafeInteger(since) || since <= 0) {
    url.searchParams.set("since", String(now.getTime()));
    throw redirect(`${url.pathname}${url.search}`, { headers: noStore });
  }
  return { delayed: now.getTime() - since > returnWaitMs };
}
