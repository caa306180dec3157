import { quoteByNumber, sendQuote } from "#app/billing/quotes.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { command } from "../command.ts";
import { workspaceOption } from "#app/platform/cli/command.ts";

export const quoteSend = command({
  name: "quote send",
  summary: "Send a draft quote: the client is emailed its link and can accept or decline it.",
  options: {
    ...workspaceOption,
    number: { type: "string", value: "Q-0001", description: "The quote", required: true },
    "no-email": { type: "boolean", description: "Do not email it (send the link yourself)" },
  },
  async run({ options, io, app }) {
    const { db, now } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    const quote = await quoteByNumber(db, workspace.id, options.number);
    await sendQuote(db, workspace.id, quote.id, now(), { emailClient: !options["no-email"] });
    io.out(`Sent quote ${quote.number} to ${quote.customer.name}.`);
  },
});
