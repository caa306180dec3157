import { createHmac } from "node:crypto";
import type { AppContext } from "#app/context.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { action } from "#app/routes/slack.events.ts";
import { routeArgs } from "./app.ts";
import { aCustomer, anInvoice, aWorkspace } from "./fixtures.ts";
import { botUserId, seedView, slackApiUrl, teamId, type SlackCall } from "./msw/slack.ts";

export const signingSecret = "5f1a0c9e8b7d6a5f4e3d2c1b0a9f8e7d";
export const botToken = "xoxb-1111-2222-remittesttoken";
export const vendorId = "U0VENDOR01";
export const channelId = "C0SALES01";

/** A single-workspace Slack setup against the mocked Web API. */
export const slackEnv = { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken, SLACK_API_URL: slackApiUrl };

/** Slack's request signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signatureHeaders(body: string, timestamp = Math.floor(Date.now() / 1000), secret = signingSecret) {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature };
}

export function signed(body: string, contentType: string, timestamp?: number, secret?: string): RequestInit {
  return { method: "POST", headers: { "content-type": contentType, ...signatureHeaders(body, timestamp, secret) }, body };
}

const form = "application/x-www-form-urlencoded";
let triggers = 0;
export const responseUrl = `https://hooks.slack.com/commands/${teamId}/1/response`;

/** A slash command as Slack posts it (form fields). */
export function slashCommand(text: string, fields: Record<string, string> = {}): RequestInit {
  const body = new URLSearchParams({
    token: "verification-token-unused",
    team_id: teamId,
    team_domain: "northwind",
    channel_id: channelId,
    channel_name: "sales",
    user_id: vendorId,
    user_name: "vendor",
    command: "/invoice",
    text,
    api_app_id: "A0REMIT01",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `${++triggers}.trigger`,
    ...fields,
  });
  return signed(body.toString(), form);
}

/** Interactivity (block actions, view submissions, options) as Slack posts it: JSON in a `payload` field. */
export function interaction(payload: Record<string, unknown>): RequestInit {
  return signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), form);
}

const team = { id: teamId, domain: "northwind" };
const user = (id = vendorId) => ({ id, username: "vendor", name: "vendor", team_id: teamId });

let viewIds = 0;
/**
 * What Slack sends back of a view the app opened: the view, its state values, a hash. Each
 * call is another view (its own id) unless `sent.id` names one.
 */
export function viewOutput(sent: Record<string, unknown>, values: Record<string, Record<string, unknown>> = {}) {
  const id = typeof sent.id === "string" ? sent.id : `V0VIEW${String(++viewIds).padStart(4, "0")}`;
  seedView(id, "1798000000.viewhash");
  return {
    id,
    team_id: teamId,
    type: "modal",
    callback_id: sent.callback_id,
    private_metadata: sent.private_metadata ?? "",
    title: sent.title,
    submit: sent.submit ?? null,
    close: sent.close ?? null,
    blocks: sent.blocks,
    state: { values },
    hash: "1798000000.viewhash",
    root_view_id: "V0REMIT01",
    previous_view_id: null,
    clear_on_close: false,
    notify_on_close: false,
    app_id: "A0REMIT01",
    bot_id: "B0REMIT01",
  };
}

export function viewSubmission(sent: Record<string, unknown>, values: Record<string, Record<string, unknown>>, userId = vendorId): RequestInit {
  return interaction({
    type: "view_submission",
    team,
    user: user(userId),
    api_app_id: "A0REMIT01",
    token: "verification-token-unused",
    trigger_id: `${++triggers}.trigger`,
    view: viewOutput(sent, values),
    response_urls: [],
    is_enterprise_install: false,
  });
}

interface ButtonClick {
  actionId: string;
  value?: string;
  userId?: string;
  /** A button in a modal. */
  view?: ReturnType<typeof viewOutput>;
  /** A button in a message (channel, ts). */
  message?: { channel: string; ts: string };
  /** A button in the App Home tab. */
  home?: boolean;
}

export function buttonClick({ actionId, value, userId = vendorId, view, message, home }: ButtonClick): RequestInit {
  const base = {
    type: "block_actions",
    team,
    user: user(userId),
    api_app_id: "A0REMIT01",
    token: "verification-token-unused",
    trigger_id: `${++triggers}.trigger`,
    actions: [
      {
        type: "button",
        action_id: actionId,
        block_id: "b1",
        text: { type: "plain_text", text: "Button" },
        ...(value === undefined ? {} : { value }),
        action_ts: "1798000000.000001",
      },
    ],
    is_enterprise_install: false,
  };
  if (view) return interaction({ ...base, container: { type: "view", view_id: view.id }, view });
  if (home)
    return interaction({
      ...base,
      container: { type: "view", view_id: "VHOME" },
      view: { id: "VHOME", type: "home", blocks: [], state: { values: {} }, hash: "h", team_id: teamId, callback_id: "", private_metadata: "" },
    });
  const where = message ?? { channel: channelId, ts: "1798000000.000009" };
  return interaction({
    ...base,
    container: { type: "message", message_ts: where.ts, channel_id: where.channel, is_ephemeral: false },
    channel: { id: where.channel, name: "sales" },
    message: { type: "message", ts: where.ts, text: "Invoice", user: botUserId },
    response_url: `https://hooks.slack.com/actions/${teamId}/2/response`,
  });
}

export function optionsRequest(actionId: string, value: string, view: ReturnType<typeof viewOutput>, userId = vendorId): RequestInit {
  return interaction({
    type: "block_suggestion",
    team,
    user: user(userId),
    api_app_id: "A0REMIT01",
    token: "unused",
    action_id: actionId,
    block_id: actionId,
    value,
    container: { type: "view", view_id: view.id },
    view,
  });
}

let events = 0;
/** An Events API callback (JSON) for a team. */
export function eventCallback(event: Record<string, unknown>, team = teamId): RequestInit {
  const body = {
    token: "verification-token-unused",
    team_id: team,
    api_app_id: "A0REMIT01",
    type: "event_callback",
    event_id: `Ev${++events}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: team, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    event,
  };
  return signed(JSON.stringify(body), "application/json");
}

/** Posts to /slack/events like Slack does, then waits for the work listeners do after their ack. */
export async function sendToSlack(app: AppContext, init: RequestInit): Promise<Response> {
  const response = await action(routeArgs(app, "/slack/events", init));
  await app.slack?.settled();
  return response;
}

interface SentBlock {
  type: string;
  block_id?: string;
  element?: {
    type: string;
    action_id: string;
    initial_value?: string;
    initial_date?: string;
    initial_option?: unknown;
    initial_conversation?: string;
    initial_options?: unknown[];
  };
}

/** The state Slack would submit for a view nobody edited: each input's initial value. */
export function untouchedState(view: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as SentBlock[]) {
    if (block.type !== "input" || !block.block_id || !block.element) continue;
    const { type, action_id, ...element } = block.element;
    const value =
      type === "datepicker"
        ? { selected_date: element.initial_date ?? null }
        : type === "static_select" || type === "external_select" || type === "radio_buttons"
          ? { selected_option: element.initial_option ?? null }
          : type === "conversations_select"
            ? { selected_conversation: element.initial_conversation ?? null }
            : type === "checkboxes"
              ? { selected_options: element.initial_options ?? [] }
              : { value: element.initial_value ?? null };
    state[block.block_id] = { [action_id]: { type, ...value } };
  }
  return state;
}

const plainText = (text: string) => ({ type: "plain_text", text, emoji: true });

/** A filled-in `/invoice settings` form as Slack submits it; `overrides` replace fields by block id. */
export const settingsState = (overrides: Record<string, Record<string, unknown>> = {}) => ({
  settings_alert_channel: { value: { type: "conversations_select", selected_conversation: "C0ALERTS" } },
  settings_reminder_days: { value: { type: "plain_text_input", value: "3, 1, 10" } },
  settings_client_reminders: { value: { type: "checkboxes", selected_options: [{ text: plainText("x"), value: "on" }] } },
  settings_client_reminder_days: { value: { type: "plain_text_input", value: "-3, 0, 1, 7, 14" } },
  settings_reply_to: { value: { type: "email_text_input", value: null } },
  settings_email_attach: { value: { type: "checkboxes", selected_options: [] } },
  settings_email_link: { value: { type: "radio_buttons", selected_option: { text: plainText("The invoice"), value: "invoice" } } },
  settings_currency: { value: { type: "plain_text_input", value: "eur" } },
  settings_terms: { value: { type: "number_input", value: "14" } },
  settings_timezone: { value: { type: "plain_text_input", value: "Europe/Paris" } },
  settings_locale: { value: { type: "plain_text_input", value: "fr-FR" } },
  settings_prefix: { value: { type: "plain_text_input", value: "NW-" } },
  settings_credit_note_prefix: { value: { type: "plain_text_input", value: "NW-CN-" } },
  settings_template: { value: { type: "static_select", selected_option: { text: plainText("Modern"), value: "modern" } } },
  settings_name: { value: { type: "plain_text_input", value: "Northwind" } },
  settings_brand_color: { value: { type: "plain_text_input", value: "#0f766e" } },
  settings_partial: { value: { type: "checkboxes", selected_options: [{ text: plainText("x"), value: "allow" }] } },
  settings_partial_minimum: { value: { type: "number_input", value: "50" } },
  ...overrides,
});

/** A `users.info` answer in which `admin` is a Slack admin and everyone else a full member. */
export const onlyAdmin = (admin: string) => (call: SlackCall) => ({
  ok: true,
  user: { id: call.args.user, name: "person", is_admin: call.args.user === admin, is_owner: false, is_restricted: false, is_ultra_restricted: false },
});

/**
 * Northwind, bound to the fake Slack's team and alerting in C0ALERTS, with `count` invoices of
 * Acme Corp's, each paid in full by bank transfer at `now`: every payment an alert to post.
 */
export async function paidInvoicesToAlert(db: Db, count: number, now: Date) {
  const workspace = await aWorkspace(db, { name: "Northwind" });
  await db.workspace.update({ where: { id: workspace.id }, data: { slackTeamId: teamId, alertChannelId: "C0ALERTS" } });
  const customer = await aCustomer(db, workspace.id, { name: "Acme Corp" });
  const invoices = [];
  for (let i = 0; i < count; i++) {
    const invoice = await anInvoice(db, workspace.id, customer.id, {}, now);
    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "Bank transfer" }, now);
    invoices.push(invoice);
  }
  return { workspace, invoices };
}
