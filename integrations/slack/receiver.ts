import { AuthorizationError, isValidSlackRequest, ReceiverMultipleAckError, type App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { z } from "zod";
import { DomainError } from "#app/billing/errors.ts";
import { ForeignTeamError } from "./installations.ts";

const maxClockSkewSeconds = 5 * 60;
const id = z.string().min(1).max(255);
const record = z.record(z.string(), z.unknown());
/**
 * The envelopes Slack sends, checked before Bolt sees them: Bolt's routing assumes these shapes,
 * and a validly signed body without them is a bad request, not a crash.
 */
const slackBody = z.union([
  // Slash command (form fields).
  z.looseObject({ command: z.string(), team_id: id, user_id: id, text: z.string().optional() }),
  // Events API.
  z.looseObject({ type: z.literal("url_verification"), challenge: z.string() }),
  z.looseObject({ type: z.literal("event_callback"), team_id: id, event: z.looseObject({ type: z.string() }) }),
  z.looseObject({ type: z.literal("app_rate_limited") }),
  // Interactivity (the JSON `payload` field).
  z.looseObject({
    type: z.literal("block_actions"),
    user: z.looseObject({ id }),
    actions: z.array(z.looseObject({ action_id: z.string(), type: z.string() })).min(1),
  }),
  z.looseObject({ type: z.literal("block_suggestion"), user: z.looseObject({ id }), action_id: z.string(), value: z.string() }),
  z.looseObject({
    type: z.enum(["view_submission", "view_closed"]),
    user: z.looseObject({ id }),
    view: z.looseObject({ id, callback_id: z.string(), private_metadata: z.string().optional(), state: z.looseObject({ values: record }) }),
  }),
  z.looseObject({ type: z.enum(["shortcut", "message_action"]), user: z.looseObject({ id }), callback_id: z.string() }),
]);

type Outcome = { acked: true; response: unknown } | { acked: false; error: unknown };

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** A listener refused what it was sent (Bolt wraps the listener's error as `original`). */
function isBadInput(error: unknown): boolean {
  const cause = error instanceof Error && "original" in error ? error.original : error;
  return cause instanceof DomainError || cause instanceof z.ZodError || cause instanceof SyntaxError;
}

/** Commands and interactivity arrive form-encoded (interactivity as a JSON `payload` field), events as JSON. */
function parseBody(raw: string, form: URLSearchParams | null): z.infer<typeof slackBody> | null {
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
    if (outcome.error instanceof AuthorizationError) {
      const cause = outcome.error.original;
      if (!(cause instanceof ForeignTeamError)) return plain(401, "This Slack workspace is not connected to Remit.");
      // A slash command shows a 200 answer's text to the person; other requests only see a status.
      return "command" in body ? Response.json({ response_type: "ephemeral", text: cause.message }) : plain(401, cause.message);
    }
    if (outcome.error && isBadInput(outcome.error)) return plain(400, "The request does not fit anything in this Remit workspace.");
    if (outcome.error) return plain(500, "Remit could not handle this Slack request.");
    return plain(404, "Nothing in Remit handles this Slack request.");
  }
}
