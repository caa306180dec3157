import { AuthorizationError, isValidSlackRequest, ReceiverMultipleAckError, type App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { z } from "zod";

const maxClockSkewSeconds = 5 * 60;
const slackBody = z.record(z.string(), z.unknown());

type Outcome = { acked: true; response: unknown } | { acked: false; error: unknown };

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Commands and interactivity arrive form-encoded (interactivity as a JSON `payload` field), events as JSON. */
function parseBody(raw: string, form: URLSearchParams | null): Record<string, unknown> | null {
  try {
    const payload = form?.get("payload");
    const parsed = slackBody.safeParse(form && payload === null ? Object.fromEntries(form) : JSON.parse(payload ?? raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Bolt's receiver contract over Fetch requests, so Bolt runs inside Remix resource routes:
 * verify the signature on the raw body, answer Slack's own checks, hand the body to
 * `app.processEvent`, and answer with what the listener passed to `ack()` as soon as it does.
 * Listeners keep working after the answer; `settled()` waits for them.
 */
export class FetchReceiver implements Receiver {
  private app: App | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly signingSecret: string) {}

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.settled();
  }

  /** Resolves when every listener still working after its ack has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async handle(request: Request): Promise<Response> {
    if (request.method !== "POST") return plain(405, "Slack sends POST requests to this address.");
    const raw = await request.text();
    const form = request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(raw) : null;
    // Slack's certificate check is unsigned and carries nothing to act on.
    if (form?.get("ssl_check") === "1") return new Response(null, { status: 200 });
    if (!this.verified(request.headers, raw)) return plain(401, "The request is not signed by Slack (bad signature or stale timestamp).");
    const body = parseBody(raw, form);
    if (!body) return plain(400, "The request body is not a Slack payload.");
    if (body.type === "url_verification") return Response.json({ challenge: body.challenge });
    return this.dispatch(body, request.headers);
  }

  private verified(headers: Headers, body: string): boolean {
    const timestamp = Number(headers.get("x-slack-request-timestamp"));
    const signature = headers.get("x-slack-signature");
    // Wall-clock time, not the app's clock: the window is about real time between Slack and Remit.
    const nowMs = Date.now();
    // Bolt rejects old timestamps; one far in the future is just as suspect.
    if (!signature || !Number.isInteger(timestamp) || timestamp > nowMs / 1000 + maxClockSkewSeconds) return false;
    return isValidSlackRequest({
      signingSecret: this.signingSecret,
      body,
      headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
      nowMilliseconds: nowMs,
    });
  }

  private async dispatch(body: Record<string, unknown>, headers: Headers): Promise<Response> {
    if (!this.app) throw new Error("The Slack receiver was not initialised by a Bolt App.");
    let answer: (outcome: Outcome) => void = () => {};
    const answered = new Promise<Outcome>((resolve) => (answer = resolve));
    let acked = false;
    const retryNum = headers.get("x-slack-retry-num");
    const event: ReceiverEvent = {
      body,
      retryNum: retryNum === null ? undefined : Number(retryNum),
      retryReason: headers.get("x-slack-retry-reason") ?? undefined,
      ack: async (response?: unknown) => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        answer({ acked: true, response });
        // The listener's slow work resumes after this: let the answer leave first.
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    // Bolt's error handler has logged a failure; after an ack only the log is left to tell.
    const processing = this.app.processEvent(event).then(
      () => answer({ acked: false, error: null }),
      (error: unknown) => answer({ acked: false, error }),
    );
    this.inFlight.add(processing);
    void processing.finally(() => this.inFlight.delete(processing));

    const outcome = await answered;
    if (outcome.acked) {
      const { response } = outcome;
      if (response === undefined || response === null || response === "") return new Response(null, { status: 200 });
      return typeof response === "string" ? plain(200, response) : Response.json(response);
    }
    if (outcome.error instanceof AuthorizationError) return plain(401, "This Slack workspace is not connected to Remit.");
    if (outcome.error) return plain(500, "Remit could not handle this Slack request.");
    return plain(404, "Nothing in Remit handles this Slack request.");
  }
}
