import { http, HttpResponse } from "msw";
import { botScopes } from "#integrations/slack/oauth.ts";
import { mswServer } from "./server.ts";
import { messageProblems, textTooLong, viewProblems } from "./slack-limits.ts";

/** Tests point SLACK_API_URL here; nothing reaches slack.com. */
export const slackApiUrl = "https://slack.test/api/";
export const teamId = "T0REMIT01";
export const botUserId = "U0REMITBOT";

/** A user as `users.info` describes one: a full member of the team unless `fields` say otherwise. */
export const slackUser = (fields: Record<string, unknown>) => ({
  team_id: teamId,
  name: "vendor",
  deleted: false,
  is_admin: false,
  is_owner: false,
  is_restricted: false,
  is_ultra_restricted: false,
  is_bot: false,
  ...fields,
});

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

/**
 * What the fake Slack workspace holds across the tests of a file, as the real one would:
 * messages posted (chat.update of any other is message_not_found), views with their current
 * hash (views.update with a stale one is hash_conflict), trigger ids already exchanged, and
 * channels the bot cannot post in.
 */
const workspace = {
  messages: new Set<string>(),
  views: new Map<string, string>(),
  exchangedTriggers: new Set<string>(),
  expiredTriggers: new Set<string>(),
  channels: new Map<string, "not_in_channel" | "is_archived" | "channel_not_found">(),
  /** Who else a channel holds (shared with another organisation, guests): channels not listed are the team's own. */
  audiences: new Map<string, ChannelAudience>(),
  /** Scopes the app was not granted (an install from before a scope was added). */
  missingScopes: new Set<string>(),
};

/** What a channel is, as conversations.info describes it, and who is in it. */
export interface ChannelAudience {
  is_ext_shared?: boolean;
  is_shared?: boolean;
  is_org_shared?: boolean;
  is_pending_ext_shared?: boolean;
  members?: string[];
}

/** The scope conversations.* needs for a conversation, by the kind its id names (C public, G private, D im). */
const readScope = (channel: string) => (channel.startsWith("G") ? "groups:read" : channel.startsWith("D") ? "im:read" : "channels:read");
/** An install grants the scopes Remit asks for (integrations/slack/oauth.ts), less those a test takes away. */
const grantedScopes = botScopes;
const messageKey = (channel: unknown, ts: unknown) => `${String(channel)}/${String(ts)}`;
let hashCounter = 0;
const nextHash = () => `1798000000.h${++hashCounter}`;

/** A message that exists in Slack (posted before the test, or by another app run). */
export function seedMessage(channel: string, ts: string): void {
  workspace.messages.add(messageKey(channel, ts));
}

/** A view open in Slack with this hash (as the tests' submissions and clicks describe it). */
export function seedView(id: string, hash: string): void {
  if (!workspace.views.has(id)) workspace.views.set(id, hash);
}

let tsCounter = 0;
/** A message timestamp as Slack writes them: seconds and a six-digit sequence. */
export const nextTs = () => `1798000000.${String(++tsCounter).padStart(6, "0")}`;

let viewCounter = 0;
const view = (args: Record<string, unknown>, id: string, hash: string) => {
  const sent = (args.view ?? {}) as Record<string, unknown>;
  return {
    id,
    team_id: teamId,
    type: sent.type ?? "modal",
    callback_id: sent.callback_id ?? "",
    private_metadata: sent.private_metadata ?? "",
    blocks: sent.blocks ?? [],
    state: { values: {} },
    hash,
    title: sent.title ?? null,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: "V0REMIT01",
    app_id: "A0REMIT01",
    bot_id: "B0REMIT01",
  };
};

const refused = (error: string, messages: string[] = []) => ({
  ok: false,
  error,
  ...(error === "invalid_blocks" ? { errors: messages } : {}),
  ...(messages.length ? { response_metadata: { messages: messages.map((message) => `[ERROR] ${message}`) } } : {}),
});

/** What Slack refuses in a message before posting or updating it. */
function messageRefusal(args: Record<string, unknown>) {
  const problems = messageProblems(args.blocks ?? []);
  if (problems.length) return refused("invalid_blocks", problems);
  if (textTooLong(args.text)) return refused("msg_too_long");
  const channel = workspace.channels.get(String(args.channel));
  return channel ? refused(channel) : null;
}

function viewRefusal(args: Record<string, unknown>) {
  const problems = viewProblems(args.view);
  return problems.length ? refused("invalid_arguments", problems) : null;
}

/** Successful answers shaped as in Slack's Web API reference, after Slack's own checks. */
const defaults: Record<string, Reply> = {
  "chat.postMessage": ({ args }) => {
    const refusal = messageRefusal(args);
    if (refusal) return refusal;
    const ts = nextTs();
    const channel = String(args.channel).startsWith("U") ? `D${String(args.channel).slice(1)}` : String(args.channel);
    workspace.messages.add(messageKey(channel, ts));
    return { ok: true, channel, ts, message: { type: "message", text: args.text, bot_id: "B0REMIT01", user: botUserId, ts, blocks: args.blocks } };
  },
  "chat.update": ({ args }) => {
    const refusal = messageRefusal(args);
    if (refusal) return refusal;
    if (!workspace.messages.has(messageKey(args.channel, args.ts))) return refused("message_not_found");
    return { ok: true, channel: args.channel, ts: args.ts, text: args.text, message: { text: args.text, user: botUserId, blocks: args.blocks } };
  },
  "views.open": ({ args }) => {
    const trigger = String(args.trigger_id ?? "");
    if (!trigger) return refused("invalid_trigger_id");
    if (workspace.expiredTriggers.has(trigger)) return refused("expired_trigger_id");
    if (workspace.exchangedTriggers.has(trigger)) return refused("exchanged_trigger_id");
    const refusal = viewRefusal(args);
    if (refusal) return refusal;
    workspace.exchangedTriggers.add(trigger);
    const id = `V0REMIT${String(++viewCounter).padStart(3, "0")}`;
    const hash = nextHash();
    workspace.views.set(id, hash);
    return { ok: true, view: view(args, id, hash) };
  },
  "views.update": ({ args }) => {
    const id = String(args.view_id ?? "");
    const current = workspace.views.get(id);
    if (!current) return refused("not_found");
    if (args.hash !== undefined && args.hash !== current) return refused("hash_conflict");
    const refusal = viewRefusal(args);
    if (refusal) return refusal;
    const hash = nextHash();
    workspace.views.set(id, hash);
    return { ok: true, view: view(args, id, hash) };
  },
  "chat.postEphemeral": ({ args }) => {
    if (!args.channel || !args.user) return refused("invalid_arguments");
    const refusal = messageRefusal(args);
    if (refusal) return refusal;
    return { ok: true, message_ts: nextTs() };
  },
  // conversations.info and conversations.members need the read scope of the conversation's kind
  // (missing_scope names it); a private channel the bot is not in, like a deleted one, is channel_not_found.
  "conversations.info": ({ args }) => {
    const channel = String(args.channel ?? "");
    if (!channel) return refused("channel_not_found");
    const scope = readScope(channel);
    if (workspace.missingScopes.has(scope))
      return { ...refused("missing_scope"), needed: scope, provided: grantedScopes.filter((granted) => !workspace.missingScopes.has(granted)).join(",") };
    const lost = workspace.channels.get(channel);
    if (lost === "channel_not_found" || (lost === "not_in_channel" && channel.startsWith("G"))) return refused("channel_not_found");
    const { members = [], ...flags } = workspace.audiences.get(channel) ?? {};
    return {
      ok: true,
      channel: {
        id: channel,
        name: channel.toLowerCase(),
        is_channel: !channel.startsWith("D"),
        is_group: false,
        is_im: channel.startsWith("D"),
        is_mpim: false,
        is_private: channel.startsWith("G"),
        is_archived: lost === "is_archived",
        is_general: false,
        is_member: lost !== "not_in_channel",
        context_team_id: teamId,
        shared_team_ids: [teamId],
        is_ext_shared: false,
        is_shared: false,
        is_org_shared: false,
        is_pending_ext_shared: false,
        ...flags,
        ...(args.include_num_members ? { num_members: members.length } : {}),
      },
    };
  },
  "conversations.members": ({ args }) => {
    const channel = String(args.channel ?? "");
    const scope = readScope(channel);
    if (workspace.missingScopes.has(scope)) return { ...refused("missing_scope"), needed: scope };
    const lost = workspace.channels.get(channel);
    if (!channel || lost === "channel_not_found" || (lost === "not_in_channel" && channel.startsWith("G"))) return refused("channel_not_found");
    const members = workspace.audiences.get(channel)?.members ?? [];
    const limit = Math.max(1, Math.min(Number(args.limit ?? 100), 1000));
    const start = Number(args.cursor ? Buffer.from(String(args.cursor), "base64").toString().replace("members:", "") : 0);
    const page = members.slice(start, start + limit);
    const next = start + limit < members.length ? Buffer.from(`members:${start + limit}`).toString("base64") : "";
    return { ok: true, members: page, response_metadata: { next_cursor: next } };
  },
  "views.publish": ({ args }) => viewRefusal(args) ?? { ok: true, view: view(args, `VHOME${String(args.user_id)}`, nextHash()) },
  "users.info": ({ args }) => ({ ok: true, user: slackUser({ id: args.user }) }),
  "auth.test": () => ({
    ok: true,
    url: "https://remit-test.slack.com/",
    team: "Remit Test",
    user: "remit",
    team_id: teamId,
    user_id: botUserId,
    bot_id: "B0REMIT01",
    is_enterprise_install: false,
  }),
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
      const body = (await request.json()) as Record<string, unknown>;
      responses.push({ url: request.url, body });
      // Response URLs check blocks like chat.postMessage, and answer in plain text.
      if (messageProblems(body.blocks ?? []).length) return HttpResponse.text("invalid_blocks", { status: 400 });
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
    /** The bot can no longer post in a channel: archived, left (a private channel), or deleted. */
    loseChannel(channel: string, error: "not_in_channel" | "is_archived" | "channel_not_found") {
      workspace.channels.set(channel, error);
    },
    /** The channel was unarchived, or the bot invited back. */
    regainChannel(channel: string) {
      workspace.channels.delete(channel);
    },
    /** The channel is shared with another organisation, holds guests, or both (conversations.info and .members say so). */
    describeChannel(channel: string, audience: ChannelAudience) {
      workspace.audiences.set(channel, audience);
    },
    /** The app was installed without a scope (conversations.* answer missing_scope), or given it again. */
    withoutScope(scope: string, missing = true) {
      if (missing) workspace.missingScopes.add(scope);
      else workspace.missingScopes.delete(scope);
    },
    /** Someone deleted a message in Slack. */
    deleteMessage(channel: string, ts: string) {
      workspace.messages.delete(messageKey(channel, ts));
    },
    /** The person waited longer than Slack's three seconds: the trigger id no longer opens anything. */
    expireTrigger(triggerId: string) {
      workspace.expiredTriggers.add(triggerId);
    },
  };
}

export type SlackMock = ReturnType<typeof mockSlack>;

/** `{ok: false}` with HTTP 200: how Slack reports a refused call. */
export const slackError = (error: string) => () => ({ ok: false, error });

/** HTTP 429 with Retry-After (seconds), as Slack rate-limits. */
export const rateLimited = (seconds: number) => () =>
  HttpResponse.json({ ok: false, error: "ratelimited" }, { status: 429, headers: { "Retry-After": String(seconds) } });
