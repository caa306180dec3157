import { describeConnection } from "../describe.ts";
import { command, notConfigured, workspaceOption } from "./command.ts";

export const stripeStatus = command({
  name: "stripe status",
  summary: "Which Stripe account the workspace's clients pay into, and whether it takes payments.",
  options: workspaceOption,
  async run({ options, io, app }) {
    const { stripe } = await app();
    if (!stripe) return io.out(notConfigured);
    const connection = await stripe.connection(options.workspace);
    io.out(describeConnection(connection));
    if (connection.mode === "connect" && connection.status !== "not-connected") io.out(`Stripe Dashboard: ${connection.dashboardUrl}`);
  },
});
