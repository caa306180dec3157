import { describeConnection } from "../describe.ts";
import { command, notConfigured, workspaceOption } from "./command.ts";

export const stripeDisconnect = command({
  name: "stripe disconnect",
  summary: "Stop taking the workspace's payments online: clients see its payment instructions, open payment pages close.",
  options: workspaceOption,
  async run({ options, io, app }) {
    const { stripe } = await app();
    if (!stripe) return io.out(notConfigured);
    io.out(describeConnection(await stripe.disconnect(options.workspace, null)));
  },
});
