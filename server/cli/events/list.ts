import { oneOf } from "#app/platform/cli/command.ts";
import { listDeliveries } from "#app/platform/outbox/outbox.server.ts";
import { command } from "../command.ts";

export const eventsList = command({
  name: "events",
  summary: "Outbox deliveries, newest first.",
  options: {
    status: { type: "string", value: "pending|dead|delivered", description: "Which deliveries (pending when not given)" },
  },
  async run({ options, io, app }) {
    const status = oneOf(options.status, "status", ["pending", "dead", "delivered"]) ?? "pending";
    const deliveries = await listDeliveries((await app()).db, status);
    if (!deliveries.length) io.out(`No ${status} deliveries.`);
    for (const d of deliveries) {
      io.out(`${d.id}  ${d.event.type.padEnd(20)} → ${d.subscriber.padEnd(8)} attempts ${d.attempts}${d.lastError ? `  last error: ${d.lastError}` : ""}`);
    }
  },
});
