import { invoiceByIdOrNumber } from "#app/billing/invoices.server.ts";
import { listEmails } from "../store.ts";
import { command } from "./command.ts";
import { text, workspaceOption } from "#app/platform/cli/command.ts";

export const emailHistory = command({
  name: "email history",
  summary: "What was emailed to clients, and what failed.",
  options: {
    ...workspaceOption,
    invoice: text("ID|NUMBER", "Only this invoice's emails"),
  },
  async run({ options, io, app }) {
    const { db } = await app();
    const invoiceId = options.invoice ? (await invoiceByIdOrNumber(db, options.workspace, options.invoice)).id : undefined;
    const emails = await listEmails(db, { workspaceId: options.workspace, ...(invoiceId ? { invoiceId } : {}) });
    if (!emails.length) io.out("No emails yet.");
    for (const email of emails) {
      const when = (email.sentAt ?? email.createdAt).toISOString().slice(0, 16).replace("T", " ");
      io.out(
        `${when}  ${email.status.padEnd(7)}  ${email.kind.padEnd(10)}  ${email.to}  ${email.subject}${email.lastError && email.status !== "sent" ? `  (${email.lastError})` : ""}`,
      );
    }
  },
});
