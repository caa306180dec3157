import { beforeEach, describe, expect, it } from "vitest";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { permissions, type Permission } from "#app/billing/permissions.ts";
import { aWorkspace } from "#tests/fixtures.ts";
import { seedMessage, type SlackCall } from "#tests/msw/slack.ts";
import { buttonClick, channelId, onlyAdmin, settingsState, slashCommand, viewSubmission } from "#tests/slack.ts";
import { moreMenuChoice, slackWorkspace } from "#tests/slack-workspace.ts";

// Issue 20: workspace roles. Every button, menu choice, command and form submission checks the
// permission it needs against the workspace's settings (docs/decisions/150).
const now = new Date("2026-11-20T15:00:00Z");
const member = "U0MEMBER01";
const admin = "U0ADMIN01";
const refusalText = "Only admins and owners of this Slack workspace may";

const vendor = slackWorkspace({ now: () => now });
beforeEach(() => {
  // The admin is a Slack admin; everyone else a full member.
  vendor.slack.reply("users.info", onlyAdmin(admin));
});

const membersMay = (allowed: readonly Permission[]) =>
  vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { memberPermissions: [...allowed] } });
const allBut = (permission: Permission) => permissions.filter((candidate) => candidate !== permission);

/** What a refused request must leave as it was: invoices, payments, customers, the audit trail, the outbox. */
async function state() {
  const [invoices, payments, customers, audit, events] = await Promise.all([
    vendor.app.db.invoice.findMany({
      where: { workspaceId: vendor.workspaceId },
      select: { id: true, status: true, amountPaid: true },
      orderBy: { id: "asc" },
    }),
    vendor.app.db.payment.findMany({
      where: { workspaceId: vendor.workspaceId },
      select: { id: true, status: true, overpaymentResolution: true },
      orderBy: { id: "asc" },
    }),
    vendor.app.db.customer.findMany({ where: { workspaceId: vendor.workspaceId }, orderBy: { id: "asc" } }),
    vendor.app.db.auditEntry.count({ where: { workspaceId: vendor.workspaceId } }),
    vendor.app.db.outboxEvent.count(),
  ]);
  // The first request of the file binds the workspace to its Slack team (bumping its data version): not a change a person made.
  const {
    slackTeamId: _team,
    updatedAt: _at,
    portalVersion: _version,
    ...workspace
  } = await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } });
  return { invoices, payments, customers, audit, events, workspace };
}

let ts = 0;
async function openInvoice() {
  const invoice = await vendor.anInvoice({ issueDate: "2026-11-01", dueDate: "2026-12-15" });
  const messageTs = `1798000100.${String(++ts).padStart(6, "0")}`;
  await vendor.app.db.slackInvoiceMessage.create({ data: { invoiceId: invoice.id, channel: channelId, ts: messageTs } });
  seedMessage(channelId, messageTs);
  return invoice;
}
/** An issued invoice with no message yet (its posting was asked about). */
const anUnpostedInvoice = async () => (await vendor.anInvoice({ issueDate: "2026-11-01", dueDate: "2026-12-15" })).id;
const aDraft = async () => (await vendor.anInvoice({ issue: false })).id;
async function aMarkedPayment() {
  const invoice = await openInvoice();
  const { payment } = await recordManualPayment(
    vendor.app.db,
    { workspaceId: vendor.workspaceId, invoiceId: invoice.id, amount: 10_000, method: "Bank transfer" },
    now,
  );
  return { invoice, payment };
}
const failedEmail = async () => JSON.stringify({ eventId: "event-none", customerId: vendor.acme.id, invoiceId: (await openInvoice()).id });

/** A request that needs `permission`, made fresh for each try (`userId` acting). */
interface Case {
  name: string;
  permission: Permission;
  /** What else it needs, given in the allowed run. */
  also?: Permission[];
  request: (userId: string) => Promise<RequestInit>;
}

/** A button whose value `value` makes fresh for each try (the id of an open invoice, a draft, a payment…). */
const button = (name: string, permission: Permission, actionId: string, value: () => Promise<string> | string): Case => ({
  name,
  permission,
  request: async (userId) => buttonClick({ actionId, value: await value(), userId }),
});
const anOpenInvoice = async () => (await openInvoice()).id;
const anOverpayment = async () => (await aMarkedPayment()).payment.id;
const acme = () => vendor.acme.id;

const buttons: Case[] = [
  button("Copy link", "issue", "invoice_copy_link", anOpenInvoice),
  button("Mark as paid", "mark_paid", "invoice_mark_paid", anOpenInvoice),
  button("New link", "issue", "invoice_new_link", anOpenInvoice),
  button("Void", "void", "invoice_void", anOpenInvoice),
  button("Email to client", "issue", "invoice_send_to_client", anOpenInvoice),
  button("Send reminder", "issue", "invoice_remind_client", anOpenInvoice),
  button("Send again", "issue", "email_resend", failedEmail),
  button("Fix the address", "create", "email_fix_address", failedEmail),
  { name: "Home: New invoice", permission: "create", request: async (userId) => buttonClick({ actionId: "home_new_invoice", home: true, userId }) },
  { name: "Home: Settings", permission: "settings", request: async (userId) => buttonClick({ actionId: "home_settings", home: true, userId }) },
  button("Refund an overpayment", "refund", "overpayment_refund", anOverpayment),
  button("Keep an overpayment as credit", "refund", "overpayment_keep", anOverpayment),
  button("Issue a draft", "issue", "draft_issue", aDraft),
  button("Edit a draft", "create", "draft_edit", aDraft),
  button("Discard a draft", "create", "draft_discard", aDraft),
  button("Duplicate", "create", "invoice_duplicate", anOpenInvoice),
  button("Edit a customer", "create", "customer_edit", acme),
  button("Customer card: Email their link", "issue", "customer_portal_link", acme),
  button("Customer card: New invoice", "create", "customer_new_invoice", acme),
  button("Post an invoice in a shared channel anyway", "issue", "invoice_post_here", anUnpostedInvoice),
  button("Send an invoice to me instead", "issue", "invoice_post_to_me", anUnpostedInvoice),
  { name: "More: Duplicate", permission: "create", request: async (userId) => moreMenuChoice(`duplicate:${(await openInvoice()).id}`, userId) },
  { name: "More: Refund", permission: "refund", request: async (userId) => moreMenuChoice(`refund:${(await openInvoice()).id}`, userId) },
  {
    name: "More: Undo payment",
    permission: "mark_paid",
    request: async (userId) => moreMenuChoice(`undo_payment:${(await aMarkedPayment()).invoice.id}`, userId),
  },
];

const commands: Case[] = [
  { name: "/invoice (new)", permission: "create", request: async (userId) => slashCommand("", { user_id: userId }) },
  { name: "/invoice link", permission: "issue", request: async (userId) => slashCommand("link Acme Corp", { user_id: userId }) },
  { name: "/invoice void", permission: "void", request: async (userId) => slashCommand(`void ${(await openInvoice()).number}`, { user_id: userId }) },
  { name: "/invoice remind", permission: "issue", request: async (userId) => slashCommand(`remind ${(await openInvoice()).number}`, { user_id: userId }) },
  { name: "/invoice settings", permission: "settings", request: async (userId) => slashCommand("settings", { user_id: userId }) },
];

const form = (callbackId: string, metadata: unknown) => ({ callback_id: callbackId, private_metadata: JSON.stringify(metadata), blocks: [] });
const checked = { save_as: { value: { type: "checkboxes", selected_options: [{ text: { type: "plain_text", text: "Draft" }, value: "draft" }] } } };

const submissions: Case[] = [
  {
    name: "invoice form, issuing (create)",
    permission: "create",
    also: ["issue"],
    request: async (userId) => viewSubmission(form("invoice_modal", { channel: null }), {}, userId),
  },
  {
    name: "invoice form, issuing (issue)",
    permission: "issue",
    also: ["create"],
    request: async (userId) => viewSubmission(form("invoice_modal", { channel: null }), {}, userId),
  },
  {
    name: "invoice form, as a draft",
    permission: "create",
    request: async (userId) => viewSubmission(form("invoice_modal", { channel: null }), checked, userId),
  },
  {
    name: "invoice form, editing a draft",
    permission: "create",
    request: async (userId) => viewSubmission(form("invoice_modal", { channel: null, draftId: await aDraft() }), {}, userId),
  },
  {
    name: "invoice form, correcting an issued invoice",
    permission: "void",
    request: async (userId) =>
      viewSubmission(form("invoice_modal", { channel: null, replaces: { invoiceId: (await openInvoice()).id, reason: "Wrong rate" } }), {}, userId),
  },
  {
    name: "Mark as paid form",
    permission: "mark_paid",
    request: async (userId) => viewSubmission(form("payment_modal", { invoiceId: (await openInvoice()).id }), {}, userId),
  },
  {
    name: "Undo payment form",
    permission: "mark_paid",
    request: async (userId) => viewSubmission(form("undo_payment_modal", { invoiceId: (await aMarkedPayment()).invoice.id }), {}, userId),
  },
  {
    name: "Void form",
    permission: "void",
    request: async (userId) => {
      const reason = { void_reason: { value: { type: "plain_text_input", value: "Sent twice" } } };
      return viewSubmission(form("void_modal", { invoiceId: (await openInvoice()).id, channel: null }), reason, userId);
    },
  },
  {
    name: "Refund form",
    permission: "refund",
    request: async (userId) => {
      const { payment } = await aMarkedPayment();
      const chosen = { refund_payment: { value: { type: "static_select", selected_option: { text: { type: "plain_text", text: "x" }, value: payment.id } } } };
      return viewSubmission(form("refund_modal", { invoiceId: payment.invoiceId }), chosen, userId);
    },
  },
  { name: "Settings form", permission: "settings", request: async (userId) => viewSubmission(form("settings_modal", {}), settingsState(), userId) },
  {
    name: "Customer form",
    permission: "create",
    request: async (userId) => viewSubmission(form("customer_modal", { customerId: vendor.acme.id }), {}, userId),
  },
  {
    name: "Email address form",
    permission: "create",
    request: async (userId) => viewSubmission(form("email_address_modal", JSON.parse(await failedEmail())), {}, userId),
  },
];

/** Sends the request and returns what it answered (the ack's body, for a submission). */
async function send(init: RequestInit): Promise<string> {
  const response = await vendor.send(init);
  return `${await response.text()}${vendor.said()}`;
}

describe.each([
  ["button", buttons],
  ["command", commands],
  ["submission", submissions],
] as const)("every %s checks the permission it needs", (_kind, cases) => {
  it.each(cases.map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
    // Members may do everything but this: refused in words, and nothing changes or opens.
    await membersMay(allBut(entry.permission));
    const request = await entry.request(member);
    const before = await state();
    vendor.slack.clear();
    const refused = await send(request);
    expect(refused).toContain(refusalText);
    expect(vendor.slack.to("views.open")).toEqual([]);
    expect(vendor.slack.to("chat.update")).toEqual([]);
    expect(await state()).toEqual(before);

    // Members may do only this: not refused.
    await membersMay([entry.permission, ...(entry.also ?? [])]);
    vendor.slack.clear();
    expect(await send(await entry.request(member))).not.toContain(refusalText);

    // Admins may do it whatever members may.
    await membersMay([]);
    vendor.slack.clear();
    expect(await send(await entry.request(admin))).not.toContain(refusalText);
  });
});

describe("who may do what, in settings", () => {
  it("defaults to members creating, issuing and marking paid; admins choose what members may do, and nobody else can", async () => {
    const fresh = await aWorkspace(vendor.app.db, { name: "Fresh" });
    expect(fresh.memberPermissions).toEqual(["create", "issue", "mark_paid"]);

    await membersMay(["create", "issue", "mark_paid"]);
    await vendor.command("settings", { user_id: admin });
    const view = vendor.slack.to("views.open")[0]!.args.view as { blocks: { block_id?: string; element?: { initial_options?: { value: string }[] } }[] };
    const section = view.blocks.find((block) => block.block_id === "settings_member_permissions")!;
    expect(section.element!.initial_options!.map((option) => option.value)).toEqual(["create", "issue", "mark_paid"]);

    const chosen = (values: string[]) => ({
      settings_member_permissions: {
        value: { type: "checkboxes", selected_options: values.map((value) => ({ text: { type: "plain_text", text: value }, value })) },
      },
    });
    const saved = await vendor.submit(view, settingsState(chosen(["void", "create", "refund"])), admin);
    expect(await saved.text()).toBe("");
    expect((await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } })).memberPermissions).toEqual(["create", "void", "refund"]);

    // A member who may not change settings is refused, and nothing is saved.
    const refused = await vendor.submit(view, settingsState(chosen(["settings"])), member);
    expect(await refused.json()).toEqual({ response_action: "errors", errors: { settings_alert_channel: expect.stringContaining(refusalText) } });
    expect((await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } })).memberPermissions).toEqual(["create", "void", "refund"]);
  });

  it("refuses a guest everything, whatever members may", async () => {
    await membersMay([...permissions]);
    vendor.slack.reply("users.info", (call: SlackCall) => ({ ok: true, user: { id: call.args.user, is_admin: false, is_restricted: true } }));
    for (const entry of [...buttons.slice(0, 3), ...commands.slice(0, 2)]) {
      vendor.slack.clear();
      expect(await send(await entry.request("U0GUEST01"))).toContain("guests can't see or change invoices");
    }
  });
});
