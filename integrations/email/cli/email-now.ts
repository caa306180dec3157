import { invoiceByIdOrNumber } from "#app/billing/invoices.server.ts";
import { requestClientEmail } from "#app/billing/reminders.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { listEmails } from "../store.ts";
import { required, workspaceOption } from "#app/platform/cli/command.ts";
import { command, type EmailCliApp } from "./command.ts";

/** Emails the client the invoice or a reminder, and delivers it now rather than waiting for a server. */
async function emailNow(
  app: EmailCliApp,
  workspaceId: string,
  idOrNumber: string,
  message: "invoice" | "reminder",
  out: (line: string) => void,
): Promise<void> {
  const invoice = await invoiceByIdOrNumber(app.db, workspaceId, idOrNumber);
  const requested = await requestClientEmail(app.db, workspaceId, invoice.id, message, app.now());
  // On the embedded database the server is stopped while the CLI runs: deliver here.
  const dispatcher = createDispatcher(app.db, { subscribers: [app.email.subscriber], now: app.now });
  const result = await dispatcher.runOnce();
  const [latest] = await listEmails(app.db, { invoiceId: invoice.id }, 1);
  if (result.delivered > 0 && latest?.status === "sent") out(`Emailed ${invoice.number} (${latest.kind}) to ${requested.to}: ${latest.response ?? ""}`);
  else out(`Queued the ${message} for ${requested.to}; not sent yet (${latest?.lastError ?? "waiting its turn"}). The server's outbox retries it.`);
}

/** `remit email send` and `remit email remind`: the invoice, or a reminder of it, emailed now. */
export function emailNowCommand(spec: { name: string; summary: string; message: "invoice" | "reminder" }) {
  return command({
    name: spec.name,
    summary: spec.summary,
    options: {
      ...workspaceOption,
      invoice: required("ID|NUMBER", "The invoice"),
    },
    async run({ options, io, app }) {
      await emailNow(await app(), options.workspace, options.invoice, spec.message, io.out);
    },
  });
}
