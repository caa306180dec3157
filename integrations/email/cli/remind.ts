import { command } from "./command.ts";
import { emailNow } from "./email-now.ts";
import { workspaceOption } from "#app/platform/cli/command.ts";

export const emailRemind = command({
  name: "email remind",
  summary: "Email the client a reminder of the invoice, now.",
  options: {
    ...workspaceOption,
    invoice: { type: "string", value: "ID|NUMBER", description: "The invoice", required: true },
  },
  async run({ options, io, app }) {
    await emailNow(await app(), options.workspace, options.invoice, "reminder", io.out);
  },
});
