// The migration that moved Stripe's ids out of Payment and CheckoutAttempt into the Stripe
// integration's own tables keeps every id, and the uniqueness that keeps one Stripe payment
// from being recorded twice on an invoice (decisions 012, 105, 112).
import { expect, test } from "vitest";
import { migrate } from "#app/platform/db/migrate.server.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { databaseBefore } from "#tests/migrations.ts";

const theMove = "20261207122428_stripe_tables";

const migrating = databaseBefore(theMove);

test("moves every checkout's and payment's Stripe ids into Stripe's tables, and keeps them unique per invoice", async () => {
  const { database, db } = migrating;
  const workspace = await aWorkspace(db);
  const customer = await aCustomer(db, workspace.id);
  const [one, two, three] = [
    await anInvoice(db, workspace.id, customer.id),
    await anInvoice(db, workspace.id, customer.id),
    await anInvoice(db, workspace.id, customer.id),
  ];

  // Attempts and payments as the schema before the move had them, written in SQL.
  const anOldAttempt = (
    id: string,
    invoiceId: string,
    stripe: { account: string | null; session: string | null; url: string | null },
    groupId: string | null = null,
  ) =>
    db.$executeRawUnsafe(
      `INSERT INTO "CheckoutAttempt" ("id", "workspaceId", "invoiceId", "customerId", "amount", "currency", "amountPaidBefore", "status", "stripeSessionId", "stripeAccountId", "url", "groupId", "expiresAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 1000, 'USD', 0, 'open', $5, $6, $7, $8, now(), now())`,
      id,
      workspace.id,
      invoiceId,
      customer.id,
      stripe.session,
      stripe.account,
      stripe.url,
      groupId,
    );
  await anOldAttempt("paid-page", one.id, { account: null, session: "cs_one", url: "https://checkout.stripe.com/c/pay/cs_one" });
  await anOldAttempt("in-flight", one.id, { account: "acct_1Vendor", session: null, url: null });
  await anOldAttempt("group-two", two.id, { account: "acct_1Vendor", session: "cs_group", url: "https://checkout.stripe.com/c/pay/cs_group" }, "group");
  await anOldAttempt("group-three", three.id, { account: "acct_1Vendor", session: "cs_group", url: "https://checkout.stripe.com/c/pay/cs_group" }, "group");

  const anOldPayment = (id: string, invoiceId: string, sequence: number, stripe: { account?: string; session?: string; intent?: string; charge?: string }) =>
    db.$executeRawUnsafe(
      `INSERT INTO "Payment" ("id", "workspaceId", "invoiceId", "customerId", "sequence", "amount", "currency", "method", "status", "stripeCheckoutSessionId", "stripePaymentIntentId", "stripeChargeId", "stripeAccountId", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, 1000, 'USD', 'card', 'succeeded', $6, $7, $8, $9, now())`,
      id,
      workspace.id,
      invoiceId,
      customer.id,
      sequence,
      stripe.session ?? null,
      stripe.intent ?? null,
      stripe.charge ?? null,
      stripe.account ?? null,
    );
  await anOldPayment("card", one.id, 1, { session: "cs_one", intent: "pi_one", charge: "ch_one" });
  await anOldPayment("by-hand", one.id, 2, {});
  await anOldPayment("group-two", two.id, 1, { account: "acct_1Vendor", session: "cs_group", intent: "pi_group", charge: "ch_group" });
  await anOldPayment("group-three", three.id, 1, { account: "acct_1Vendor", session: "cs_group", intent: "pi_group" });

  expect((await migrate(database)).applied).toEqual([theMove]);

  expect(await db.stripeCheckout.findMany({ orderBy: { attemptId: "asc" } })).toEqual([
    { attemptId: "group-three", invoiceId: three.id, accountId: "acct_1Vendor", sessionId: "cs_group", url: "https://checkout.stripe.com/c/pay/cs_group" },
    { attemptId: "group-two", invoiceId: two.id, accountId: "acct_1Vendor", sessionId: "cs_group", url: "https://checkout.stripe.com/c/pay/cs_group" },
    { attemptId: "in-flight", invoiceId: one.id, accountId: "acct_1Vendor", sessionId: null, url: null },
    { attemptId: "paid-page", invoiceId: one.id, accountId: null, sessionId: "cs_one", url: "https://checkout.stripe.com/c/pay/cs_one" },
  ]);
  expect(await db.stripePayment.findMany({ orderBy: { paymentId: "asc" } })).toEqual([
    { paymentId: "card", invoiceId: one.id, accountId: null, checkoutSessionId: "cs_one", paymentIntentId: "pi_one", chargeId: "ch_one" },
    { paymentId: "group-three", invoiceId: three.id, accountId: "acct_1Vendor", checkoutSessionId: "cs_group", paymentIntentId: "pi_group", chargeId: null },
    { paymentId: "group-two", invoiceId: two.id, accountId: "acct_1Vendor", checkoutSessionId: "cs_group", paymentIntentId: "pi_group", chargeId: "ch_group" },
  ]);
  expect(await db.payment.findMany({ select: { id: true, online: true }, orderBy: { id: "asc" } })).toEqual([
    { id: "by-hand", online: false },
    { id: "card", online: true },
    { id: "group-three", online: true },
    { id: "group-two", online: true },
  ]);

  // Never charged twice: one Stripe payment (or session) is one payment per invoice, and one page names an invoice once.
  await expect(
    db.stripePayment.create({ data: { paymentId: "by-hand", invoiceId: one.id, paymentIntentId: "pi_one", checkoutSessionId: null } }),
  ).rejects.toThrow();
  await expect(db.stripePayment.create({ data: { paymentId: "by-hand", invoiceId: one.id, checkoutSessionId: "cs_one" } })).rejects.toThrow();
  await expect(db.stripeCheckout.update({ where: { attemptId: "in-flight" }, data: { sessionId: "cs_one" } })).rejects.toThrow();

  // The Stripe rows go with the core row they describe.
  await db.payment.delete({ where: { id: "card" } });
  await db.checkoutAttempt.delete({ where: { id: "paid-page" } });
  expect(await db.stripePayment.findUnique({ where: { paymentId: "card" } })).toBeNull();
  expect(await db.stripeCheckout.findUnique({ where: { attemptId: "paid-page" } })).toBeNull();
});
