import { quoteByNumber, withdrawQuote } from "#app/billing/quotes.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { command } from "../command.ts";
import { workspaceOption } from "#app/platform/cli/command.ts";

export const quoteWithdraw = command({
  name: "quote withdraw",
  summary: "Withdraw a draft or sent quote: the client can no longer accept it.",
  options: {
    ...workspaceOption,
    number: { type: "string", value: "Q-0001", description: "The quote", required: true },
  },
  async run({ options, io, app }) {
    const { db, now } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    const quote = await quoteByNumber(db, workspace.id, options.number);
    await withdrawQuote(db, workspace.id, quote.id, now());
    io.out(`Withdrew quote ${quote.number}.`);
  },
});
