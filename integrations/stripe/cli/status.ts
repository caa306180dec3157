import { describeConnection } from "../describe.ts";
import { stripeCommand } from "./command.ts";

export const stripeStatus = stripeCommand({
  name: "stripe status",
  summary: "Which Stripe account the workspace's clients pay into, and whether it takes payments.",
  async run({ stripe, workspaceId, io }) {
    const connection = await stripe.connection(workspaceId);
    io.out(describeConnection(connection));
    if (connection.mode === "connect" && connection.status !== "not-connected") io.out(`Stripe Dashboard: ${connection.dashboardUrl}`);
  },
});
