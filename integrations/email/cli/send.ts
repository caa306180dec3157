import { command } from "./command.ts";
import { emailNow } from "./email-now.ts";
import { workspaceOption } from "#app/platform/cli/command.ts";

export const emailSend = command({
  name: "email send",
  summary: "Email the invoice to the client again, now.",
  options: {
    ...workspaceOption,
    invoice: { type: "string", value: "ID|NUMBER", description: "The invoice", required: true },
  },
  async run({ options, io, app }) {
    await emailNow(await app(), options.workspace, options.invoice, "invoice", io.out);
  },
});
