import { describeConnection } from "../describe.ts";
import { stripeCommand } from "./command.ts";

export const stripeDisconnect = stripeCommand({
  name: "stripe disconnect",
  summary: "Stop taking the workspace's payments online: clients see its payment instructions, open payment pages close.",
  run: async ({ stripe, workspaceId, io }) => io.out(describeConnection(await stripe.disconnect(workspaceId, null))),
});
