import { afterAll, beforeAll, beforeEach } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { DeliveredEvent, EventType } from "#app/ports/events.ts";
import { action } from "#app/routes/webhooks.stripe.ts";
import { createTestApp, routeArgs } from "./app.ts";
import { createTestDatabase } from "./database.ts";
import { mswServer } from "./msw/server.ts";
import { FakeStripe, signedDelivery, stripeEnv, type StripeObject } from "./msw/stripe.ts";

export interface WithFakeStripe {
  app: AppContext;
  fake: FakeStripe;
}

/**
 * A test file's app against the fake Stripe: before its tests, the app on a test database with
 * `env` (stripeEnv unless given) and `now`; before each test, a new FakeStripe answering at
 * Stripe's API; after them, the database closed. `ready` receives the app and the test's fake
 * before each test.
 */
export function withFakeStripe(ready: (world: WithFakeStripe) => void, options: { env?: Record<string, string>; now?: () => Date } = {}): void {
  let app: AppContext | undefined;
  beforeAll(async () => {
    app = await createTestApp(await createTestDatabase(), options.env ?? stripeEnv, options.now);
  });
  afterAll(async () => {
    await app?.database.close();
  });
  beforeEach(() => {
    const fake = new FakeStripe();
    mswServer.use(...fake.handlers());
    ready({ app: app!, fake });
  });
}

export type Delivery = { body: string; headers: Record<string, string> };

/** Posts a delivery (an event object is signed first) to the platform account's webhook endpoint. */
export async function deliverWebhook(app: AppContext, payload: StripeObject | Delivery) {
  const delivery = "headers" in payload && "body" in payload ? (payload as Delivery) : signedDelivery(payload);
  const response = await action(routeArgs(app, "/webhooks/stripe", { method: "POST", headers: delivery.headers, body: delivery.body }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Hands one subscriber its pending outbox deliveries that `where` picks, as the dispatcher would; the events' types. */
export async function deliverPending(app: AppContext, subscriberName: string, where: Prisma.DeliveryWhereInput): Promise<string[]> {
  const subscriber = app.subscribers.find((candidate) => candidate.name === subscriberName);
  if (!subscriber) throw new Error(`${subscriberName} is not registered`);
  const pending = await app.db.delivery.findMany({
    where: { ...where, subscriber: subscriberName, status: "pending" },
    include: { event: true },
    orderBy: { event: { sequence: "asc" } },
  });
  for (const { id, event } of pending) {
    await subscriber.deliver({ ...event, type: event.type as EventType, workspaceId: event.workspaceId ?? "" } as DeliveredEvent);
    await app.db.delivery.update({ where: { id }, data: { status: "delivered" } });
  }
  return pending.map(({ event }) => event.type);
}

/** Hands an invoice's pending deliveries to the Stripe checkout closer, as the dispatcher would. */
export const closePages = (app: AppContext, invoiceId: string) => deliverPending(app, "stripe-checkouts", { aggregateId: invoiceId });
