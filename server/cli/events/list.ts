import { oneOf, text } from "#app/platform/cli/command.ts";
import { listDeliveries, unservedSubscribers, type DeliveryState } from "#app/platform/outbox/outbox.server.ts";
import { subscriberNeeds } from "#app/platform/outbox/subscriptions.server.ts";
import { command } from "../command.ts";

const statuses = ["pending", "dead", "delivered"] as const satisfies readonly DeliveryState[];

export const eventsList = command({
  name: "events",
  summary: "Outbox deliveries, newest first; first, any subscriber no running instance delivers to.",
  options: {
    status: text(statuses.join("|"), "Which deliveries (pending when not given)"),
  },
  async run({ options, io, app }) {
    const status = oneOf(options.status, "status", statuses) ?? "pending";
    const { db, now } = await app();
    for (const { subscriber, pending, oldest } of await unservedSubscribers(db, now())) {
      io.out(
        `No running instance delivers to ${subscriber}: ${pending} pending since ${oldest.toISOString()}. Give at least one instance ${subscriberNeeds(subscriber)}.`,
      );
    }
    const deliveries = await listDeliveries(db, status);
    if (!deliveries.length) io.out(`No ${status} deliveries.`);
    for (const d of deliveries) {
      io.out(`${d.id}  ${d.event.type.padEnd(20)} → ${d.subscriber.padEnd(8)} attempts ${d.attempts}${d.lastError ? `  last error: ${d.lastError}` : ""}`);
    }
  },
});
