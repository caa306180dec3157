import { decodeJwt } from "jose";
import { expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import * as invoicePage from "#app/routes/p.$token.invoices.$invoiceId._index.tsx";
import { routeArgs } from "#tests/app.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { withFakeStripe } from "#tests/stripe.ts";
import { type FakeStripe } from "#tests/msw/stripe.ts";

let app: AppContext;
let fake: FakeStripe;
withFakeStripe((world) => ({ app, fake } = world));

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
    routeArgs(
      app,
      `/p/${token}/invoices/${invoice.id}`,
      { method: "POST", body: new URLSearchParams({ confirm: String(invoice.total) }) },
      { token, invoiceId: invoice.id },
    ),
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
    // A link to all the client's invoices returns to a page that links to all of them.
    expect(claims.inv).toBeUndefined();
  }

  // A link to one invoice returns with a link to that invoice only.
  const another = await anInvoice(db, workspace.id, customer.id);
  const scoped = (await issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, invoiceId: another.id, ttlDays: 5 })).url.split("/p/")[1]!;
  await invoicePage.action(
    routeArgs(app, "/", { method: "POST", body: new URLSearchParams({ confirm: String(another.total) }) }, { token: scoped, invoiceId: another.id }),
  );
  expect(decodeJwt(new URL(fake.createRequests.at(-1)!.params.success_url!).pathname.split("/")[2]!).inv).toBe(another.id);
});

it("waits for the webhook on the return page, then says so in words after 90 seconds on the app's clock", async () => {
  const { db } = app;
  const { workspace, customer } = await aVendor(db, { defaultCurrency: "USD" });
  const invoice = await anInvoice(db, workspace.id, customer.id);
  const token = (await issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 5 })).url.split("/p/")[1]!;
  await invoicePage.action(
    routeArgs(app, "/", { method: "POST", body: new URLSearchParams({ confirm: String(invoice.total) }) }, { token, invoiceId: invoice.id }),
  );
  const sessionId = [...fake.sessions.keys()].at(-1)!;
  fake.pay(sessionId); // paid on Stripe's page; the webhook has not arrived
  const load = async (query: string, at: Date) => {
    try {
      return await invoicePage.loader(
        routeArgs({ ...app, now: () => at }, `/p/${token}/invoices/${invoice.id}${query}`, undefined, { token, invoiceId: invoice.id }),
      );
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };

  const back = app.now();
  const first = await load(`?payment=success&session_id=${sessionId}`, back);
  if (!(first instanceof Response)) throw new Error("expected the wait to be stamped by a redirect");
  expect(first.status).toBe(302);
  const stamped = first.headers.get("Location")!;
  expect(stamped).toBe(`/p/${token}/invoices/${invoice.id}?payment=success&session_id=${sessionId}&since=${back.getTime()}`);
  const query = stamped.slice(stamped.indexOf("?"));

  const waiting = await load(query, new Date(back.getTime() + 60_000));
  expect(waiting).toMatchObject({ checkout: "waiting", checkAgain: null, scoped: false });
  const delayed = await load(query, new Date(back.getTime() + 91_000));
  expect(delayed).toMatchObject({ checkout: "delayed", checkAgain: `?payment=success&session_id=${sessionId}` });
  // Nothing was recorded by waiting: the invoice is still open until the webhook says otherwise.
  expect(await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "open", amountPaid: 0 });
});
