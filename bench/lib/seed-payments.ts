// Seeds a fresh database for the Stripe webhook benchmark: `count` open invoices whose clients
// pressed Pay, so each has a Checkout session at the fake Stripe (STRIPE_API_URL) that Remit
// knows, exactly as the portal makes them. Prints the session ids as JSON on stdout.
import { createCustomer } from "#app/billing/customers.server.ts";
import { createInvoice } from "#app/billing/invoices.server.ts";
import { seed } from "./seeding.ts";
import { settleOutbox } from "./settle-outbox.ts";
import { startCheckout } from "#app/billing/payments.server.ts";
import { createWorkspace } from "#app/billing/workspaces.server.ts";
import { createStripeService, stripeReferences, stripeSettings } from "#integrations/stripe/index.ts";
import { sessionOfAttempt } from "#integrations/stripe/store.ts";

const [count = "1000"] = process.argv.slice(2);
// Eight invoices at a time take turns on the workspace's number counter: on a loaded machine a
// turn can outlast the server's 5 s statement timeout, which guards requests, not a seed.
const timeouts = { queryMs: 120_000 };
await seed(async ({ db, env }) => {
  const settings = stripeSettings(env, "bench", false);
  if (!settings) throw new Error("Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET for the benchmark.");
  const stripe = createStripeService(settings, { db, signingKeys: [], publicUrl: "http://127.0.0.1", now: () => new Date() });
  const ctx = { db, stripe, paymentReferences: stripeReferences, now: () => new Date() };
  const workspace = await createWorkspace(db, { name: "Webhook Studio", defaultCurrency: "USD", timezone: "America/New_York" });
  const customers = await Promise.all(
    Array.from({ length: 50 }, (_, n) => createCustomer(db, workspace.id, { name: `Client ${n + 1}`, email: `ap${n + 1}@client.example` })),
  );
  let next = 0;
  const sessions: string[] = [];
  // A few clients at a time, as a busy portal would see them.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < Number(count)) {
        const customer = customers[next++ % customers.length]!;
        const invoice = await createInvoice(
          db,
          workspace.id,
          {
            customerId: customer.id,
            lines: [{ productName: "Retainer", quantity: 1, unitAmount: 150_000 }],
          },
          new Date(),
        );
        const scope = { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id };
        const started = await startCheckout(ctx, { ...scope, returnUrl: `http://127.0.0.1/p/token/invoices/${invoice.id}` });
        const session = await sessionOfAttempt(db, started.checkoutId);
        if (!session) throw new Error("The checkout has no Stripe session");
        sessions.push(session);
      }
    }),
  );
  await settleOutbox(db);
  return { sessions };
}, timeouts);
