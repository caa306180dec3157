import { beforeEach, describe, expect, it } from "vitest";
import { startCheckout } from "#app/billing/payments.server.ts";
import * as webhook from "#app/routes/webhooks.stripe.ts";
import { routeArgs } from "#tests/app.ts";
import { mswServer } from "#tests/msw/server.ts";
import { FakeStripe, signedDelivery, stripeEnv, stripeEvent, type StripeObject } from "#tests/msw/stripe.ts";
import { onlyAdmin, viewSubmission } from "#tests/slack.ts";
import { moreMenuChoice, slackWorkspace } from "#tests/slack-workspace.ts";
import { sessionOfAttempt } from "#integrations/stripe/store.ts";

// Issue 20: refunding a card payment from Slack (admins), through Stripe's refund API, recorded once
// whether the answer or the charge.refunded webhook comes first (docs/decisions/151).
const now = new Date("2026-11-20T15:00:00Z");
const admin = "U0ADMIN01";
const member = "U0MEMBER01";

let fake: FakeStripe;
const vendor = slackWorkspace({ now: () => now, env: () => stripeEnv, users: onlyAdmin(admin) });
beforeEach(() => {
  vendor.slack.reply("users.info", onlyAdmin(admin));
  fake = new FakeStripe();
  mswServer.use(...fake.handlers());
});

async function deliver(event: StripeObject) {
  const delivery = signedDelivery(event);
  const response = await webhook.action(routeArgs(vendor.app, "/webhooks/stripe", { method: "POST", headers: delivery.headers, body: delivery.body }));
  return (await response.json()) as Record<string, unknown>;
}

/** An invoice of $120.00 paid by card on Stripe's page, its payment recorded by the webhook. */
async function paidByCard() {
  const invoice = await vendor.anInvoice({ lines: [{ productName: "Work", quantity: 1, unitAmount: 12_000 }] });
  const { checkoutId } = await startCheckout(vendor.app, {
    workspaceId: vendor.workspaceId,
    customerId: vendor.acme.id,
    invoiceId: invoice.id,
    returnUrl: `http://remit.test/p/t/invoices/${invoice.id}`,
  });
  const session = (await sessionOfAttempt(vendor.app.db, checkoutId)) ?? "";
  const { completed, intentId } = fake.pay(session);
  expect(await deliver(stripeEvent("checkout.session.completed", completed))).toMatchObject({ outcome: "applied" });
  const payment = await vendor.app.db.payment.findFirstOrThrow({ where: { stripe: { paymentIntentId: intentId } } });
  return { invoice, payment, intentId };
}

type SentView = Record<string, unknown> & { id?: string; blocks: { block_id?: string; element?: { initial_value?: string; options?: { value: string }[] } }[] };

let views = 0;
async function openRefundForm(invoiceId: string): Promise<SentView> {
  vendor.slack.clear();
  await vendor.send(moreMenuChoice(`refund:${invoiceId}`, admin));
  const view = vendor.slack.to("views.open").at(-1)!.args.view as SentView;
  vendor.slack.clear();
  // The id Slack gives the open view: every submission of this form carries it.
  return { ...view, id: `V0REFUND${++views}` };
}

const filled = (view: SentView, amount: string, reason: string | null = null) => {
  const options = view.blocks.find((block) => block.block_id === "refund_payment")!.element!.options!;
  return {
    refund_payment: { value: { type: "static_select", selected_option: { text: { type: "plain_text", text: "Payment" }, value: options[0]!.value } } },
    refund_amount: { value: { type: "plain_text_input", value: amount } },
    refund_reason: { value: { type: "plain_text_input", value: reason } },
  };
};

const dms = () => vendor.slack.to("chat.postMessage").map((call) => String(call.args.text));
const refundEvents = (invoiceId: string) => vendor.app.db.outboxEvent.count({ where: { aggregateId: invoiceId, type: "payment.refunded" } });

describe("refunding a card payment from Slack", () => {
  it("refunds part, then the rest, once however often the form is sent, and the webhook that follows records nothing more", async () => {
    const { invoice, payment, intentId } = await paidByCard();

    // The message's More menu offers it; a member (refunds are the admins' by default) is refused.
    await vendor.send(moreMenuChoice(`refund:${invoice.id}`, member));
    expect(JSON.stringify(vendor.slack.responses.map((response) => response.body))).toContain("Only admins and owners of this Slack workspace may refund");
    expect(vendor.slack.to("views.open")).toEqual([]);

    const form = await openRefundForm(invoice.id);
    expect(form).toMatchObject({ callback_id: "refund_modal" });
    expect(form.blocks.find((block) => block.block_id === "refund_amount")!.element!.initial_value).toBe("120.00");
    expect(form.blocks.find((block) => block.block_id === "refund_payment")!.element!.options!.map((option) => option.value)).toEqual([payment.id]);

    // Part of it: Stripe is asked once, the refund is recorded at once with who did it and why.
    const sent = viewSubmission(form, filled(form, "30", "Two hours billed twice"), admin);
    const response = await vendor.send(sent);
    expect(await response.text()).toBe("");
    expect(fake.refunds).toEqual([
      { paymentIntent: intentId, amount: 3000, idempotencyKey: expect.stringMatching(new RegExp(`^remit-refund-${payment.id}-`)) },
    ]);
    expect(await vendor.app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ amountRefunded: 3000, status: "succeeded" });
    expect(await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "paid", amountPaid: 9000 });
    expect(dms().at(-1)).toContain("Refunded $30.00 of the Visa •••• 4242 payment on *" + invoice.number + "*");
    const audit = () => vendor.app.db.auditEntry.findMany({ where: { invoiceId: invoice.id, action: "payment_refunded" } });
    expect((await audit()).map((entry) => [entry.actor, entry.amount, entry.reason])).toEqual([[`slack:${admin}`, 3000, "Two hours billed twice"]]);
    expect(await refundEvents(invoice.id)).toBe(1);

    // The same form again (a double click, or Slack retrying): nothing more is refunded or recorded.
    vendor.slack.clear();
    await vendor.submit(form, filled(form, "30", "Two hours billed twice"), admin);
    expect(fake.refunds).toHaveLength(1);
    expect(dms().at(-1)).toContain("Already refunded: $30.00");
    expect(await audit()).toHaveLength(1);

    // Stripe's charge.refunded arrives with the same running total: applied, and nothing changes.
    expect(await deliver(stripeEvent("charge.refunded", fake.intents.get(intentId)!.charge))).toMatchObject({ outcome: "applied" });
    expect(await vendor.app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ amountRefunded: 3000 });
    expect(await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ amountPaid: 9000 });
    expect(await refundEvents(invoice.id)).toBe(1);

    // More than is left is refused at the field, in money, before Stripe is asked.
    const second = await openRefundForm(invoice.id);
    expect(second.blocks.find((block) => block.block_id === "refund_amount")!.element!.initial_value).toBe("90.00");
    const tooMuch = await vendor.submit(second, filled(second, "100"), admin);
    expect(await tooMuch.json()).toEqual({ response_action: "errors", errors: { refund_amount: "At most $90.00 of this payment is left to refund." } });
    const nothing = await vendor.submit(second, filled(second, "0"), admin);
    expect(await nothing.json()).toEqual({ response_action: "errors", errors: { refund_amount: expect.any(String) } });
    expect(fake.refunds).toHaveLength(1);

    // The rest: the payment is refunded in full, and the invoice stays paid (decision 011).
    await vendor.submit(second, filled(second, "90.00"), admin);
    expect(fake.refunds.map((refund) => refund.amount)).toEqual([3000, 9000]);
    expect(await vendor.app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ amountRefunded: 12_000, status: "refunded" });
    expect(await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "paid", amountPaid: 0 });
    expect(await refundEvents(invoice.id)).toBe(2);

    // Nothing is left: the menu no longer leads to a refund.
    vendor.slack.clear();
    await vendor.send(moreMenuChoice(`refund:${invoice.id}`, admin));
    expect(vendor.slack.to("views.open")).toEqual([]);
    expect(JSON.stringify(vendor.slack.responses.map((r) => r.body))).toContain("has no card payment left to refund");
  });

  it("records a refund once when the webhook comes before Stripe's answer is recorded", async () => {
    const { invoice, payment, intentId } = await paidByCard();
    const form = await openRefundForm(invoice.id);
    // The webhook of this very refund arrives while Remit is still waiting for Stripe's answer.
    fake.onRefundCreated = async (charge) => {
      expect(await deliver(stripeEvent("charge.refunded", charge))).toMatchObject({ outcome: "applied" });
    };
    await vendor.submit(form, filled(form, "120"), admin);
    expect(await vendor.app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ amountRefunded: 12_000, status: "refunded" });
    expect(await refundEvents(invoice.id)).toBe(1);
    expect(fake.refunds).toEqual([{ paymentIntent: intentId, amount: 12_000, idempotencyKey: expect.any(String) }]);
    // The person's refund is in the history all the same.
    expect(dms()).toEqual([expect.stringContaining("Refunded $120.00 of the Visa •••• 4242 payment")]);
    expect(await vendor.app.db.auditEntry.count({ where: { invoiceId: invoice.id, action: "payment_refunded" } })).toBe(1);
  });

  it("tells the person when Stripe refuses (refunded meanwhile from the Dashboard), and records nothing", async () => {
    const { invoice, payment, intentId } = await paidByCard();
    const form = await openRefundForm(invoice.id);
    // Refunded in full from Stripe's Dashboard; its webhook has not arrived yet.
    fake.refund(intentId, 12_000);
    await vendor.submit(form, filled(form, "50"), admin);
    expect(fake.refunds).toEqual([]);
    expect(dms().at(-1)).toContain("Stripe says less than that is left to refund on this payment: nothing was refunded.");
    expect(await vendor.app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ amountRefunded: 0 });
    expect(await vendor.app.db.auditEntry.count({ where: { invoiceId: invoice.id, action: "payment_refunded" } })).toBe(0);
  });
});
