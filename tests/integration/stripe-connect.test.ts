import { describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { PaymentsNotConfiguredError } from "#app/billing/errors.ts";
import { invoicePaymentOptions, resolveOverpayment, startCheckout } from "#app/billing/payments.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { refundCardPayment } from "#app/billing/card-refunds.server.ts";
import { updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";
import * as invoicePage from "#app/routes/p.$token.invoices.$invoiceId._index.tsx";
import * as onboardingRoute from "#app/routes/stripe.connect.$token.tsx";
import { issueCustomerLink } from "#app/web/links.server.ts";
import * as accountEndpoint from "#app/routes/webhooks.stripe.ts";
import * as connectEndpoint from "#app/routes/webhooks.stripe_.connect.ts";
import { startPayAll } from "#app/billing/pay-all.server.ts";
import { routeArgs } from "#tests/app.ts";
import { testNow } from "#tests/clock.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { connectEnv, connectEvent, type FakeStripe, signedConnectDelivery, signedDelivery, stripeEvent, type StripeObject } from "#tests/msw/stripe.ts";
import { deliverPending, withFakeStripe, type Delivery } from "#tests/stripe.ts";
import { sessionOfAttempt } from "#integrations/stripe/store.ts";

// Stripe Connect (docs/decisions/013): two vendors on one Remit server, each paid into its own Stripe account.

let app: AppContext;
let fake: FakeStripe;
withFakeStripe((world) => ({ app, fake } = world), { env: connectEnv });

async function post(endpoint: "connect" | "account", delivery: Delivery) {
  const route = endpoint === "connect" ? connectEndpoint : accountEndpoint;
  const path = endpoint === "connect" ? "/webhooks/stripe/connect" : "/webhooks/stripe";
  const response = await route.action(routeArgs(app, path, { method: "POST", headers: delivery.headers, body: delivery.body }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Opens Remit's onboarding link as the vendor's browser would: a redirect to Stripe, or the page's data. */
async function openOnboarding(url: string) {
  const { pathname, search } = new URL(url);
  const token = decodeURIComponent(pathname.split("/").at(-1) ?? "");
  try {
    return { page: await onboardingRoute.loader(routeArgs(app, `${pathname}${search}`, undefined, { token })) };
  } catch (thrown) {
    if (thrown instanceof Response) return { redirect: thrown.headers.get("location") };
    throw thrown;
  }
}

/** A vendor connects their own account from start to finish: onboarding link, Stripe's form, back to Remit. */
async function connectedVendor(name: string) {
  const { workspace, customer } = await aVendor(app.db, { name, defaultCurrency: "EUR" });
  const { onboardingUrl } = await app.stripe!.connect(workspace.id);
  const opened = await openOnboarding(onboardingUrl ?? "");
  const account = fake.accountLinks.at(-1)?.account ?? "";
  expect(opened.redirect).toBe(fake.accountLinks.at(-1)?.url);
  fake.completeOnboarding(account, name);
  expect(await post("connect", signedConnectDelivery(connectEvent("account.updated", fake.accounts.get(account)!.account, account)))).toMatchObject({
    status: 200,
    body: { outcome: "applied" },
  });
  const invoice = await anInvoice(app.db, workspace.id, customer.id, { lines: [{ productName: "Work", quantity: 1, unitAmount: 10_000 }] });
  const pay = () =>
    startCheckout(app, {
      workspaceId: workspace.id,
      customerId: customer.id,
      invoiceId: invoice.id,
      returnUrl: `http://remit.test/p/t/invoices/${invoice.id}`,
    });
  const sessionOf = async (checkoutId: string) => (await sessionOfAttempt(app.db, checkoutId)) ?? "";
  const state = async () => ({
    invoice: await app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } }),
    payments: await app.db.payment.findMany({ where: { invoiceId: invoice.id }, orderBy: { sequence: "asc" }, include: { stripe: true } }),
  });
  const options = () => invoicePaymentOptions(app, { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id });
  return { workspace, customer, invoice, account, pay, sessionOf, state, options };
}

describe("connecting a workspace's own Stripe account", () => {
  it("creates a Standard account on the platform, sends the vendor through Stripe's onboarding, and takes payments once Stripe says so", async () => {
    const { workspace, customer } = await aVendor(app.db, { name: "Northwind Studio" });
    const invoice = await anInvoice(app.db, workspace.id, customer.id);
    const scope = { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id };
    // Not connected: the portal shows the vendor's payment instructions, and nothing goes to the platform's account.
    expect(await app.stripe!.connection(workspace.id)).toEqual({ mode: "connect", status: "not-connected" });
    expect((await invoicePaymentOptions(app, scope)).blocker).toBe("not-configured");
    await expect(startCheckout(app, { ...scope, returnUrl: "http://remit.test/p/t/invoices/x" })).rejects.toThrow(PaymentsNotConfiguredError);

    const { connection, onboardingUrl } = await app.stripe!.connect(workspace.id);
    expect(connection).toMatchObject({ mode: "connect", status: "onboarding", name: "Northwind Studio", accountId: expect.stringMatching(/^acct_/) });
    expect(onboardingUrl).toMatch(/^http:\/\/remit\.test\/stripe\/connect\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const [account] = [...fake.accounts.values()].map((entry) => entry.account);
    expect(account).toMatchObject({ controller: { stripe_dashboard: { type: "full" } }, metadata: { remit_workspace_id: workspace.id } });
    // Connecting again reuses the account (one per workspace), never a second one.
    await app.stripe!.connect(workspace.id);
    expect(fake.accounts.size).toBe(1);

    // Each opening makes a fresh single-use Account Link that comes back to Remit's own link.
    const opened = await openOnboarding(onboardingUrl ?? "");
    expect(opened.redirect).toBe(fake.accountLinks[0]?.url);
    expect(fake.accountLinks[0]).toMatchObject({ type: "account_onboarding", refreshUrl: onboardingUrl, returnUrl: `${onboardingUrl}?returned=1` });
    expect((await openOnboarding(onboardingUrl ?? "")).redirect).toBe(fake.accountLinks[1]?.url);

    fake.completeOnboarding(String(account?.id));
    const back = await openOnboarding(`${onboardingUrl}?returned=1`);
    expect(back.page).toEqual({
      kind: "done",
      workspaceName: "Northwind Studio",
      description: `Clients pay into your Stripe account Northwind Studio (${String(account?.id)}): taking payments.`,
    });
    // With the details in, the link no longer leads into onboarding: it can never hand the account to someone else.
    expect((await openOnboarding(onboardingUrl ?? "")).page).toMatchObject({ kind: "done" });
    expect(fake.accountLinks).toHaveLength(2);

    const started = await startCheckout(app, { ...scope, returnUrl: `http://remit.test/p/t/invoices/${invoice.id}` });
    expect(fake.createRequests.at(-1)).toMatchObject({ account: account?.id, idempotencyKey: `remit-checkout-${started.checkoutId}` });
  });

  it("refuses a forged, lapsed or foreign onboarding link", async () => {
    const { workspace } = await aVendor(app.db);
    const { onboardingUrl } = await app.stripe!.connect(workspace.id);
    const forged = `${(onboardingUrl ?? "").slice(0, -3)}abc`;
    expect((await openOnboarding(forged)).page).toMatchObject({ kind: "problem", description: expect.stringContaining("not a link to set up Stripe") });
    const later = { ...app, now: () => new Date(testNow.getTime() + 25 * 3_600_000) };
    const { pathname } = new URL(onboardingUrl ?? "");
    const lapsed = await onboardingRoute.loader(routeArgs(later, pathname, undefined, { token: pathname.split("/").at(-1) ?? "" }));
    expect(lapsed).toMatchObject({ kind: "problem", description: expect.stringContaining("has lapsed") });
    expect(fake.accountLinks).toEqual([]);
  });
});

describe("two workspaces, two accounts", () => {
  it("pays each client into the right account and applies each account's events only to its own workspace", async () => {
    const a = await connectedVendor("Alpha Design");
    const b = await connectedVendor("Beta Build");
    const sessionA = await a.sessionOf((await a.pay()).checkoutId);
    const sessionB = await b.sessionOf((await b.pay()).checkoutId);
    expect(fake.createRequests.slice(-2).map((request) => request.account)).toEqual([a.account, b.account]);

    const paidA = fake.pay(sessionA);
    const paidB = fake.pay(sessionB);
    // Crossed: A's session reported as an event of B's account, or on the platform's own endpoint.
    const crossed = connectEvent("checkout.session.completed", paidA.completed, b.account);
    expect(await post("connect", signedConnectDelivery(crossed))).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await post("account", signedDelivery(stripeEvent("checkout.session.completed", paidA.completed)))).toMatchObject({
      status: 200,
      body: { outcome: "ignored" },
    });
    expect((await a.state()).payments).toEqual([]);
    // Event ids are remembered per account: B's event carrying A's id is B's own, and each applies once.
    const eventA = connectEvent("checkout.session.completed", paidA.completed, a.account);
    const eventB = connectEvent("checkout.session.completed", paidB.completed, b.account, { id: eventA.id });
    expect(await post("connect", signedConnectDelivery(eventA))).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await post("connect", signedConnectDelivery(eventB))).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await post("connect", signedConnectDelivery(eventA))).toMatchObject({ status: 200, body: { outcome: "duplicate" } });

    const [stateA, stateB] = [await a.state(), await b.state()];
    expect(stateA.invoice).toMatchObject({ status: "paid", amountPaid: 10_000 });
    expect(stateA.payments).toEqual([
      expect.objectContaining({ stripe: expect.objectContaining({ accountId: a.account, paymentIntentId: paidA.intentId }), method: "Visa •••• 4242" }),
    ]);
    expect(stateB.payments).toEqual([expect.objectContaining({ stripe: expect.objectContaining({ accountId: b.account, paymentIntentId: paidB.intentId }) })]);

    // Forged: B's account names A's invoice and checkout in metadata; a refund of A's payment arrives as B's.
    const forgedSession = { ...paidB.completed, id: "cs_test_forged", payment_intent: "pi_3Forged", metadata: paidA.completed.metadata };
    expect(await post("connect", signedConnectDelivery(connectEvent("checkout.session.completed", forgedSession, b.account)))).toMatchObject({
      body: { outcome: "ignored" },
    });
    const refundOfA = fake.refund(paidA.intentId, 4000);
    expect(await post("connect", signedConnectDelivery(connectEvent("charge.refunded", refundOfA, b.account)))).toMatchObject({ body: { outcome: "ignored" } });
    // Signed with anything but the Connect endpoint's secret, or naming no account: refused before anything is read.
    expect(await post("connect", signedDelivery(connectEvent("charge.refunded", refundOfA, a.account)))).toMatchObject({ status: 400 });
    expect(await post("connect", signedConnectDelivery(stripeEvent("charge.refunded", refundOfA)))).toMatchObject({ status: 400 });
    expect((await a.state()).invoice.amountPaid).toBe(10_000);
    expect((await a.state()).payments).toHaveLength(1);

    // The real refund, on A's account, applies to A only.
    expect(await post("connect", signedConnectDelivery(connectEvent("charge.refunded", refundOfA, a.account)))).toMatchObject({ body: { outcome: "applied" } });
    expect((await a.state()).invoice.amountPaid).toBe(6000);
    expect((await b.state()).invoice.amountPaid).toBe(10_000);
  });

  it("refunds a card payment asked from Slack on the account it was paid into, and the Connect webhook records it no second time", async () => {
    const a = await connectedVendor("Epsilon Print");
    const { completed, intentId } = fake.pay(await a.sessionOf((await a.pay()).checkoutId));
    expect(await post("connect", signedConnectDelivery(connectEvent("checkout.session.completed", completed, a.account)))).toMatchObject({
      body: { outcome: "applied" },
    });
    const [payment] = (await a.state()).payments;
    const request = {
      workspaceId: a.workspace.id,
      paymentId: payment!.id,
      amount: 2500,
      requestKey: "slack-view:V0CONNECT:2500",
      actor: "slack:U0ADMIN",
      reason: null,
    };
    expect(await refundCardPayment(app, request)).toMatchObject({ refunded: 2500, already: false });
    expect(await refundCardPayment(app, request)).toMatchObject({ already: true });
    expect(fake.refunds).toEqual([
      { paymentIntent: intentId, amount: 2500, idempotencyKey: `remit-refund-${payment!.id}-slack-view:V0CONNECT:2500`, account: a.account },
    ]);
    const charge = fake.intents.get(intentId)!.charge;
    expect(await post("connect", signedConnectDelivery(connectEvent("charge.refunded", charge, a.account)))).toMatchObject({ body: { outcome: "applied" } });
    expect((await a.state()).invoice.amountPaid).toBe(7500);
    expect((await a.state()).payments[0]).toMatchObject({ amountRefunded: 2500 });
    expect(await app.db.outboxEvent.count({ where: { aggregateId: a.invoice.id, type: "payment.refunded" } })).toBe(1);
  });

  it("pays all of a client's invoices on the vendor's own account, and applies only that account's events to them", async () => {
    const a = await connectedVendor("Alpha Pay All");
    const b = await connectedVendor("Beta Pay All");
    const second = await anInvoice(app.db, a.workspace.id, a.customer.id, { lines: [{ productName: "More work", quantity: 1, unitAmount: 5_000 }] });
    const started = await startPayAll(app, {
      workspaceId: a.workspace.id,
      customerId: a.customer.id,
      currency: "EUR",
      kind: "all",
      returnUrl: "http://remit.test/p/t",
    });
    expect(fake.createRequests.at(-1)).toMatchObject({ account: a.account, params: { "line_items[1][price_data][unit_amount]": "5000" } });
    const session = (await sessionOfAttempt(app.db, (await app.db.checkoutAttempt.findFirstOrThrow({ where: { groupId: started.groupId } })).id)) ?? "";
    const { completed } = fake.pay(session);
    // Reported as another account's event: ignored.
    expect(await post("connect", signedConnectDelivery(connectEvent("checkout.session.completed", completed, b.account)))).toMatchObject({
      body: { outcome: "ignored" },
    });
    expect(await post("connect", signedConnectDelivery(connectEvent("checkout.session.completed", completed, a.account)))).toMatchObject({
      body: { outcome: "applied" },
    });
    const payments = await app.db.payment.findMany({ where: { invoiceId: { in: [a.invoice.id, second.id] } }, include: { stripe: true } });
    expect(payments.map((payment) => [payment.amount, payment.stripe?.accountId]).sort()).toEqual([
      [10_000, a.account],
      [5_000, a.account],
    ]);
  });

  it("refunds an overpayment on the account that took it, and closes pages on their own account", async () => {
    const a = await connectedVendor("Gamma Goods");
    const session = await a.sessionOf((await a.pay()).checkoutId);
    const { completed } = fake.pay(session);
    await recordManualPayment(app.db, { workspaceId: a.workspace.id, invoiceId: a.invoice.id, amount: 10_000, method: "Bank transfer" }, testNow);
    await deliverPending(app, "stripe-checkouts", { event: { workspaceId: a.workspace.id } });
    expect(await post("connect", signedConnectDelivery(connectEvent("checkout.session.completed", completed, a.account)))).toMatchObject({
      body: { outcome: "applied" },
    });
    const overpaid = (await a.state()).payments.find((payment) => payment.overpaid > 0)!;
    await resolveOverpayment(app, { workspaceId: a.workspace.id, paymentId: overpaid.id, choice: "refund" });
    expect(fake.refunds).toEqual([
      { paymentIntent: overpaid.stripe?.paymentIntentId, amount: 10_000, idempotencyKey: `remit-overpayment-${overpaid.id}`, account: a.account },
    ]);
  });
});

describe("disconnecting", () => {
  it("turns Pay into the payment instructions, closes open pages on the account, alerts the team, and still records money paid just before", async () => {
    const a = await connectedVendor("Delta Works");
    const open = await a.sessionOf((await a.pay()).checkoutId);
    const other = await anInvoice(app.db, a.workspace.id, a.customer.id, { lines: [{ productName: "More", quantity: 1, unitAmount: 5000 }] });
    const late = await a.sessionOf(
      (
        await startCheckout(app, {
          workspaceId: a.workspace.id,
          customerId: a.customer.id,
          invoiceId: other.id,
          returnUrl: `http://remit.test/p/t/invoices/${other.id}`,
        })
      ).checkoutId,
    );
    // The second client finishes paying on Stripe's page just as the vendor disconnects.
    const { completed } = fake.pay(late);

    // What the client's invoice page shows: Pay while connected, the vendor's payment instructions after.
    await updateWorkspaceSettings(app.db, a.workspace.id, {
      paymentInstructions: "Transfer to IBAN DE89 3704 0044 0532 0130 00, reference the invoice number.",
    });
    const { url } = await issueCustomerLink(app, { workspaceId: a.workspace.id, customerId: a.customer.id, invoiceId: a.invoice.id, ttlDays: 30 });
    const pagePath = new URL(url).pathname;
    const page = async () =>
      (await invoicePage.loader(routeArgs(app, pagePath, undefined, { token: pagePath.split("/")[2] ?? "", invoiceId: a.invoice.id }))) as {
        payment: { canPay: boolean; blocker: string | null };
        offline: unknown;
      };
    expect(await page()).toMatchObject({ payment: { canPay: true, blocker: null }, offline: null });

    const connection = await app.stripe!.disconnect(a.workspace.id, "U0ADMIN");
    expect(await page()).toMatchObject({
      payment: { canPay: false, blocker: "not-configured" },
      offline: expect.objectContaining({ instructions: expect.stringContaining("IBAN DE89") }),
    });
    expect(connection).toMatchObject({ status: "disconnected", accountId: a.account });
    expect((await a.options()).blocker).toBe("not-configured");
    await expect(a.pay()).rejects.toThrow(PaymentsNotConfiguredError);
    const alerts = await app.db.outboxEvent.findMany({ where: { workspaceId: a.workspace.id, type: "payments.disconnected" } });
    expect(alerts.map((event) => event.payload)).toEqual([{ accountId: a.account, accountName: "Delta Works", by: "vendor", userId: "U0ADMIN" }]);

    expect(await deliverPending(app, "stripe-checkouts", { event: { workspaceId: a.workspace.id } })).toContain("checkout.replaced");
    expect(fake.sessions.get(open)?.status).toBe("expired");
    expect(fake.openSessions).not.toContain(open);
    expect((await app.db.checkoutAttempt.findFirstOrThrow({ where: { stripe: { sessionId: open } } })).status).toBe("expired");

    // Money that reached the vendor's account is recorded, never hidden.
    expect(await post("connect", signedConnectDelivery(connectEvent("checkout.session.completed", completed, a.account)))).toMatchObject({
      body: { outcome: "applied" },
    });
    expect(await app.db.invoice.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ status: "paid", amountPaid: 5000 });

    // Connecting again takes the same account back, and payments resume.
    const again = await app.stripe!.connect(a.workspace.id);
    expect(again).toEqual({ connection: expect.objectContaining({ status: "active", accountId: a.account }), onboardingUrl: null });
    expect((await a.options()).blocker).toBeNull();
  });

  it("is told by Stripe when the vendor removes Remit's access, and starts a new account when connecting again", async () => {
    const a = await connectedVendor("Epsilon Labs");
    const application: StripeObject = fake.deauthorize(a.account);
    const delivery = signedConnectDelivery(connectEvent("account.application.deauthorized", application, a.account));
    expect(await post("connect", delivery)).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await post("connect", delivery)).toMatchObject({ status: 200 });
    expect(await app.stripe!.connection(a.workspace.id)).toMatchObject({
      status: "disconnected",
      disconnectReason: expect.stringContaining("removed Remit's access"),
    });
    const alerts = await app.db.outboxEvent.findMany({ where: { workspaceId: a.workspace.id, type: "payments.disconnected" } });
    expect(alerts.map((event) => event.payload)).toEqual([{ accountId: a.account, accountName: "Epsilon Labs", by: "stripe", userId: null }]);
    const { connection, onboardingUrl } = await app.stripe!.connect(a.workspace.id);
    expect(connection).toMatchObject({ status: "onboarding" });
    expect(connection.mode === "connect" && connection.status !== "not-connected" ? connection.accountId : null).not.toBe(a.account);
    expect(onboardingUrl).toBeTruthy();
  });
});
