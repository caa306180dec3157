import { afterAll, beforeAll, beforeEach } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import type { CreateInvoiceInput } from "#app/billing/invoice-input.ts";
import type { WorkspaceInput } from "#app/billing/workspaces.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { createTestApp } from "./app.ts";
import { createTestDatabase } from "./database.ts";
import { aCustomer, anInvoice, aWorkspace } from "./fixtures.ts";
import { mockSlack, teamId, type SlackCall, type SlackMock } from "./msw/slack.ts";
import { buttonClick, channelId, interaction, sendToSlack, slackEnv, slashCommand, vendorId, viewSubmission } from "./slack.ts";

export const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
/** A plain-text input's state as Slack submits it. */
export const textValue = (value: string | null) => ({ value: { type: "plain_text_input", value } });

/**
 * The invoice form's state as Slack submits it, filled in with one line (quantity 1) for a
 * customer yet to be chosen: no currency, tax or notes, the Classic template; `overrides`
 * replace or add blocks.
 */
export function invoiceFormState(
  filled: { product: string; price: string; issueDate: string; dueDate: string },
  overrides: Record<string, Record<string, unknown>> = {},
) {
  return {
    customer: { customer: { type: "external_select", selected_option: null } },
    customer_name: textValue(null),
    customer_email: { value: { type: "email_text_input", value: null } },
    line_0_product: textValue(filled.product),
    line_0_description: textValue(null),
    line_0_quantity: { value: { type: "number_input", value: "1" } },
    line_0_price: textValue(filled.price),
    currency: textValue(null),
    issue_date: { value: { type: "datepicker", selected_date: filled.issueDate } },
    due_date: { value: { type: "datepicker", selected_date: filled.dueDate } },
    tax: { value: { type: "number_input", value: null } },
    notes: textValue(null),
    template: { value: { type: "static_select", selected_option: { text: plain("Classic"), value: "classic" } } },
    ...overrides,
  };
}

/**
 * A `users.info` answer in which everyone is of one kind: a Slack admin, a full member, or a
 * multi-channel guest (`is_restricted`).
 */
export const everyoneIs = (role: "admin" | "member" | "guest") => (call: SlackCall) => ({
  ok: true,
  user: {
    id: call.args.user,
    name: role,
    is_admin: role === "admin",
    is_owner: false,
    is_restricted: role === "guest",
    is_ultra_restricted: false,
    is_bot: false,
  },
});

let menuTriggers = 0;
/** A choice (`value`, e.g. `refund:{invoiceId}`) in the "More" menu of an invoice's message in the sales channel. */
export function moreMenuChoice(value: string, userId = vendorId): RequestInit {
  return interaction({
    type: "block_actions",
    team: { id: teamId, domain: "northwind" },
    user: { id: userId, username: "person", name: "person", team_id: teamId },
    api_app_id: "A0REMIT01",
    token: "verification-token-unused",
    trigger_id: `${++menuTriggers}.more.trigger`,
    actions: [{ type: "overflow", action_id: "invoice_more", block_id: "b1", selected_option: { text: plain("More"), value }, action_ts: "1798000000.000001" }],
    container: { type: "message", message_ts: "1798000000.000009", channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: "sales" },
    message: { type: "message", ts: "1798000000.000009", text: "Invoice" },
    response_url: `https://hooks.slack.com/actions/${teamId}/2/response`,
    is_enterprise_install: false,
  });
}

export interface SlackWorkspaceOptions {
  /** The app's clock, read at each call (default: the one the app boots with). */
  now?: () => Date;
  /** Variables beside the Slack ones (Stripe, Notion, SMTP…), read when the app boots. */
  env?: () => Record<string, string>;
  /** The workspace as created (its name is Northwind Studio unless given). */
  workspace?: Partial<WorkspaceInput>;
  /** Binds the workspace to the fake Slack's team before the first request. */
  bound?: boolean;
  /** Where alerts go. */
  alertChannelId?: string;
  /** The `users.info` answer each test starts with (else the fake's default). */
  users?: Parameters<SlackMock["reply"]>[1];
}

/**
 * One test file's app on its own database with a workspace in Slack: a customer, Acme Corp, to
 * invoice, and for each test a fresh strict fake Slack. Its fields are there once `beforeAll` has
 * run; the requests it sends are signed as Slack signs them.
 */
export function slackWorkspace(options: SlackWorkspaceOptions = {}) {
  let app: AppContext | undefined;
  let slack: SlackMock | undefined;
  let workspaceId: string | undefined;
  let acme: { id: string } | undefined;

  beforeAll(async () => {
    app = await createTestApp(await createTestDatabase(), { ...slackEnv, ...options.env?.() });
    if (options.now) app.now = options.now;
    workspaceId = (await aWorkspace(app.db, { name: "Northwind Studio", ...options.workspace })).id;
    if (options.bound || options.alertChannelId)
      await app.db.workspace.update({
        where: { id: workspaceId },
        data: { ...(options.bound ? { slackTeamId: teamId } : {}), ...(options.alertChannelId ? { alertChannelId: options.alertChannelId } : {}) },
      });
    acme = await aCustomer(app.db, workspaceId, { name: "Acme Corp", email: "ap@acme.example" });
  });
  afterAll(async () => {
    await app?.database.close();
  });
  beforeEach(() => {
    slack = mockSlack();
    if (options.users) slack.reply("users.info", options.users);
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("slackWorkspace is ready once beforeAll has run");
    return value;
  };
  const harness = {
    get app() {
      return ready(app);
    },
    /** This test's fake Slack. */
    get slack() {
      return ready(slack);
    },
    get workspaceId() {
      return ready(workspaceId);
    },
    get acme() {
      return ready(acme);
    },
    send: (init: RequestInit) => sendToSlack(harness.app, init),
    /** `/invoice text` from the vendor (or as `fields` say). */
    command: (text: string, fields?: Record<string, string>) => harness.send(slashCommand(text, fields)),
    press: (click: Parameters<typeof buttonClick>[0]) => harness.send(buttonClick(click)),
    submit: (...args: Parameters<typeof viewSubmission>) => harness.send(viewSubmission(...args)),
    /** The view Remit asked Slack to open last, as it sent it. */
    openedView<View = Record<string, unknown>>(): View {
      const opened = harness.slack.to("views.open").at(-1);
      if (!opened) throw new Error("Remit asked Slack to open no view");
      return opened.args.view as View;
    },
    /** Runs `/invoice text` and hands back the form it opened, with the fake's record cleared. */
    async open<View = Record<string, unknown>>(text: string, fields?: Record<string, string>): Promise<View> {
      await harness.command(text, fields);
      const view = harness.openedView<View>();
      harness.slack.clear();
      return view;
    },
    /** An invoice of Acme's (issued unless `input` says otherwise), made at the app's time. */
    anInvoice: (input: Partial<CreateInvoiceInput> = {}) => anInvoice(harness.app.db, harness.workspaceId, harness.acme.id, input, harness.app.now()),
    /** The text of each message Remit posted to `channel` (a user's id: their direct messages). */
    postedTo: (channel: string) =>
      harness.slack
        .to("chat.postMessage")
        .filter((call) => call.args.channel === channel)
        .map((call) => String(call.args.text)),
    /** Everything Remit said in Slack: Web API calls and answers to response URLs. */
    said: () => JSON.stringify([harness.slack.calls.map((call) => call.args), harness.slack.responses.map((response) => response.body)]),
    /** The outbox's dispatcher at the app's time, to every subscriber (a retry waits a second). */
    dispatcher: () =>
      createDispatcher(harness.app.db, { subscribers: harness.app.subscribers, now: () => harness.app.now(), random: () => 1, baseDelayMs: 1000 }),
    /** Delivers until nothing is due. */
    async deliverAll() {
      const dispatcher = harness.dispatcher();
      for (let round = 0; round < 10; round++) if ((await dispatcher.runOnce()).claimed === 0) return;
    },
  };
  return harness;
}
