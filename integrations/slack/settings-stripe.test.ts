import { beforeEach, expect, it } from "vitest";
import { applyPayment } from "#app/billing/invoices.server.ts";
import { testNow } from "#tests/clock.ts";
import { aCustomer, anInvoice } from "#tests/fixtures.ts";
import { connectEnv, connectEvent, FakeStripe, signedConnectDelivery } from "#tests/msw/stripe.ts";
import { mswServer } from "#tests/msw/server.ts";
import { settingsState, vendorId } from "#tests/slack.ts";
import { everyoneIs, slackWorkspace } from "#tests/slack-workspace.ts";
import { stripeReferences } from "#integrations/stripe/store.ts";

const alertChannel = "C0ALERTS";
let stripe: FakeStripe;
const vendor = slackWorkspace({ env: () => connectEnv, bound: true, alertChannelId: alertChannel });
beforeEach(() => {
  stripe = new FakeStripe();
  mswServer.use(...stripe.handlers());
});

async function settingsView() {
  vendor.slack.reply("users.info", everyoneIs("admin"));
  return vendor.open<{ blocks: Record<string, unknown>[] }>("settings", { user_id: vendorId });
}

const stripeBlocks = (view: { blocks: Record<string, unknown>[] }) => {
  const start = view.blocks.findIndex((block) => JSON.stringify(block).includes("Online payment (Stripe)"));
  return view.blocks.slice(start + 1, start + 3);
};
const choose = (value: "connect" | "disconnect") =>
  settingsState({ settings_stripe: { value: { type: "radio_buttons", selected_option: { text: { type: "plain_text", text: value }, value } } } });
it("connects the workspace's own Stripe account from /invoice settings, shows its name and state, and alerts the team when an admin disconnects it", async () => {
  const before = stripeBlocks(await settingsView());
  expect(JSON.stringify(before[0])).toContain("No Stripe account connected: clients see your payment instructions instead of a Pay button.");
  expect(before[1]).toMatchObject({ block_id: "settings_stripe", element: { type: "radio_buttons", options: [{ value: "connect" }] } });

  const connected = await vendor.submit(await settingsView(), choose("connect"));
  expect(await connected.text()).toBe("");
  const [account] = [...stripe.accounts.keys()];
  expect(vendor.postedTo(vendorId)).toEqual([
    expect.stringMatching(
      /^:link: <http:\/\/remit\.test\/stripe\/connect\/[\w.-]+\|Open this link to finish with Stripe> \(it works for 24 hours;.*Stripe still needs your details/,
    ),
  ]);

  stripe.completeOnboarding(account ?? "", "Northwind Studio LLC");
  const update = signedConnectDelivery(connectEvent("account.updated", stripe.accounts.get(account ?? "")!.account, account ?? ""));
  expect((await vendor.app.stripe!.handleWebhook("connect", update.body, update.headers["stripe-signature"] ?? null, vendor.app.now)).status).toBe(200);
  const active = stripeBlocks(await settingsView());
  expect(JSON.stringify(active[0])).toContain(`Clients pay into your Stripe account Northwind Studio LLC (${account}): taking payments.`);
  expect(JSON.stringify(active[0])).toContain("https://dashboard.stripe.com/test/dashboard|Open your Stripe Dashboard");
  expect(active[1]).toMatchObject({ element: { options: [{ value: "disconnect" }] } });

  vendor.slack.clear();
  await vendor.submit(await settingsView(), choose("disconnect"));
  expect(vendor.postedTo(vendorId)).toEqual([expect.stringContaining(":electric_plug: Stripe account Northwind Studio LLC")]);
  vendor.slack.clear();
  await vendor.deliverAll();
  const alerts = vendor.slack
    .to("chat.postMessage")
    .filter((call) => call.args.channel === alertChannel)
    .map((call) => String(call.args.text));
  expect(alerts).toEqual([
    `The Stripe account Northwind Studio LLC was disconnected by <@${vendorId}>: clients now see your payment instructions instead of a Pay button, and open payment pages are being closed. Connect an account again with \`/invoice settings\`.`,
  ]);
});

it("lets only admins change the Stripe account", async () => {
  const view = await settingsView();
  vendor.slack.reply("users.info", everyoneIs("member"));
  const refused = await vendor.submit(view, choose("connect"), "U0MEMBER");
  expect(await refused.json()).toMatchObject({ response_action: "errors" });
  expect(stripe.accounts.size).toBe(0);
  expect(stripe.accountLinks).toEqual([]);
});

it("shows each Stripe payment's id in /invoice status, opening it in the vendor's own Stripe Dashboard", async () => {
  const customer = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Acme Corp" });
  const invoice = await anInvoice(vendor.app.db, vendor.workspaceId, customer.id);
  await vendor.app.db.$transaction(async (tx) => {
    const { payment } = await applyPayment(
      tx,
      { workspaceId: vendor.workspaceId, invoiceId: invoice.id, amount: 5000, method: "Visa •••• 4242", received: true, online: true },
      testNow,
    );
    await stripeReferences.recordPayment(tx, payment, { account: "acct_1Vendor", checkoutSessionId: null, paymentIntentId: "pi_3Vendor", chargeId: null });
  });
  vendor.slack.reply("users.info", everyoneIs("admin"));
  await vendor.command(`status ${invoice.number}`, { user_id: vendorId });
  const answer = JSON.stringify(vendor.slack.responses.map((response) => response.body));
  expect(answer).toContain("· Stripe <https://dashboard.stripe.com/test/payments/pi_3Vendor|pi_3Vendor>");
});
