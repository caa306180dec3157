import { http, HttpResponse } from "msw";
import { mswServer } from "./server.ts";

/** Tests point SLACK_API_URL here; nothing reaches slack.com. */
export const slackApiUrl = "https://slack.test/api/";
export const teamId = "T0REMIT01";
export const botUserId = "U0REMITBOT";

export interface SlackCall {
  method: string;
  token: string | null;
  /** The call's arguments, with the JSON-encoded ones (blocks, view) decoded. */
  args: Record<string, unknown>;
}

export interface ResponseUrlCall {
  url: string;
  body: Record<string, unknown>;
}

type Reply = (call: SlackCall) => Response | Record<string, unknown>;

/** The Web API client sends form fields, objects as JSON strings. */
function decode(form: URLSearchParams): Record<string, unknown> {
  return Object.fromEntries(
    [...form].map(([key, value]) => {
      if (!/^[[{]/.test(value)) return [key, value];
      try {
        return [key, JSON.parse(value)];
      } catch {
        return [key, value];
      }
    }),
  );
}

let tsCounter = 0;
/** A message timestamp as Slack writes them: seconds and a six-digit sequence. */
export const nextTs = () => `1798000000.${String(++tsCounter).padStart(6, "0")}`;

const view = (args: Record<string, unknown>) => {
  const sent = (args.view ?? {}) as Record<string, unknown>;
  return {
    id: String(args.view_id ?? "V0REMIT01"),
    team_id: teamId,
    type: sent.type ?? "modal",
    callback_id: sent.callback_id ?? "",
    private_metadata: sent.private_metadata ?? "",
    blocks: sent.blocks ?? [],
    state: { values: {} },
    hash: `${Date.now()}.abc`,
    title: sent.title ?? null,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: "V0REMIT01",
    app_id: "A0REMIT01",
    bot_id: "B0REMIT01",
  };
};

/** Successful answers shaped as in Slack's Web API reference. */
const defaults: Record<string, Reply> = {
  "chat.postMessage": ({ args }) => {
    const ts = nextTs();
    const channel = String(args.channel).startsWith("U") ? `D${String(args.channel).slice(1)}` : String(args.channel);
    return { ok: true, channel, ts, message: { type: "message", text: args.text, bot_id: "B0REMIT01", user: botUserId, ts, blocks: args.blocks } };
  },
  "chat.update": ({ args }) => ({ ok: true, channel: args.channel, ts: args.ts, text: args.text, message: { text: args.text, user: botUserId, blocks: args.blocks } }),
  "views.open": ({ args }) => ({ ok: true, view: view(args) }),
  "views.update": ({ args }) => ({ ok: true, view: view(args) }),
  "views.publish": ({ args }) => ({ ok: true, view: view(args) }),
  "users.info": ({ args }) => ({
    ok: true,
    user: { id: args.user, team_id: teamId, name: "vendor", deleted: false, is_admin: false, is_owner: false, is_restricted: false, is_ultra_restricted: false, is_bot: false },
  }),
  "auth.test": () => ({ ok: true, url: "https://remit-test.slack.com/", team: "Remit Test", user: "remit", team_id: teamId, user_id: botUserId, bot_id: "B0REMIT01", is_enterprise_install: false }),
};

/**
 * Slack's Web API (at SLACK_API_URL) and response URLs, recorded. Answers come from the
 * defaults above, or from `reply` (every call to a method) and `replyOnce` (the next call).
 */
export function mockSlack() {
  const calls: SlackCall[] = [];
  const responses: ResponseUrlCall[] = [];
  const always = new Map<string, Reply>();
  const once = new Map<string, Reply[]>();

  mswServer.use(
    http.post(`${slackApiUrl}:method`, async ({ request, params }) => {
      const method = String(params.method);
      const args = decode(new URLSearchParams(await request.text()));
      const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? (typeof args.token === "string" ? args.token : null);
      const call = { method, token, args };
      calls.push(call);
      const reply = once.get(method)?.shift() ?? always.get(method) ?? defaults[method];
      if (!reply) return HttpResponse.json({ ok: false, error: "unknown_method" });
      const answer = reply(call);
      return answer instanceof Response ? answer : HttpResponse.json(answer);
    }),
    http.post("https://hooks.slack.com/*", async ({ request }) => {
      responses.push({ url: request.url, body: (await request.json()) as Record<string, unknown> });
      return HttpResponse.text("ok");
    }),
  );

  return {
    calls,
    /** Messages sent to response URLs (ephemeral answers, replaced list pages). */
    responses,
    to: (method: string) => calls.filter((call) => call.method === method),
    reply(method: string, answer: Reply) {
      always.set(method, answer);
    },
    replyOnce(method: string, answer: Reply) {
      once.set(method, [...(once.get(method) ?? []), answer]);
    },
    clear() {
      calls.length = 0;
      responses.length = 0;
    },
  };
}

export type SlackMock = ReturnType<typeof mockSlack>;

/** `{ok: false}` with HTTP 200: how Slack reports a refused call. */
export const slackError = (error: string) => () => ({ ok: false, error });

/** HTTP 429 with Retry-After (seconds), as Slack rate-limits. */
export const rateLimited = (seconds: number) => () =>
  HttpResponse.json({ ok: false, error: "ratelimited" }, { status: 429, headers: { "Retry-After": String(seconds) } });
