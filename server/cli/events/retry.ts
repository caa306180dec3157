import { DomainError } from "#app/billing/errors.ts";
import { retryDeadDelivery } from "#app/platform/outbox/outbox.server.ts";
import { command } from "../command.ts";

export const eventsRetry = command({
  name: "events retry",
  summary: "Queue a dead delivery again (see remit events --status dead).",
  args: ["DELIVERY_ID"],
  async run({ args: [id = ""], io, app }) {
    const { db, now } = await app();
    if (!(await retryDeadDelivery(db, id, now()))) throw new DomainError(`No dead delivery ${id}.`);
    io.out(`Delivery ${id} is queued again.`);
  },
});
