import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import * as invoicePage from "#app/routes/p.$token.invoices.$invoiceId._index.tsx";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { mswServer } from "#tests/msw/server.ts";
import { FakeStripe, stripeEnv } from "#tests/msw/stripe.ts";

let app: AppContext;
let fake: FakeStripe;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase(), stripeEnv);
});
afterAll(async () => {
  await app.database.close();
});
beforeEach(() => {
  fake = new FakeStripe();
  mswServer.use(...fake.handlers());
});

it("sends the client to Stripe with return links that never outlive the link they paid from", async () => {
  const { db } = app;
  const { workspace, customer } = await aVendor(db, { defaultCurrency: "USD" });
  const invoice = await anInvoice(db, workspace.id, customer.id);
  const at = app.now();
  // A link with two minutes left (issued 89 days and 23 h 58 min ago).
  const old = { ...app, now: () => new Date(at.getTime() - (90 * 86_400_000 - 120_000)) };
  const { url, expiresAt } = await issueCustomerLink(old, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 90 });
  const token = url.split("/p/")[1]!;

  const response = await invoicePage.action(
    routeArgs(app, `/p/${token}/invoices/${invoice.id}`, { method: "POST", body: new URLSearchParams({ confirm: String(invoice.total) }) }, { token, invoiceId: invoice.id }),
  );
  expect(response instanceof Response ? response.status : response).toBe(302);
  // A press that did not come with the amount its button showed is asked to confirm it first.
  const unconfirmed = await invoicePage.action(
    routeArgs(app, `/p/${token}/invoices/${invoice.id}`, { method: "POST", body: new URLSearchParams() }, { token, invoiceId: invoice.id }),
  );
  expect(unconfirmed).toEqual({ error: null, confirm: { amount: invoice.total, typed: "" } });
  const params = fake.createRequests[0]!.params;
  for (const returnUrl of [params.success_url!, params.cancel_url!]) {
    const minted = new URL(returnUrl).pathname.split("/")[2]!;
    expect(minted).not.toBe(token);
    const claims = decodeJwt(minted);
    expect(claims.exp).toBe(Math.floor(expiresAt.getTime() / 1000));
    expect(claims.inv).toBe(invoice.id);
  }
});
