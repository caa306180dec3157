import { NotFoundError } from "#app/billing/errors.ts";
import { requestClientEmail } from "#app/billing/reminders.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { listEmails } from "../store.ts";
import type { EmailCliApp } from "./command.ts";

/** An invoice of the workspace by id or number. */
export async function findInvoice(db: Db, workspaceId: string, idOrNumber: string) {
  const invoice = await db.invoice.findFirst({ where: { workspaceId, OR: [{ id: idOrNumber }, { number: idOrNumber }] }, select: { id: true, number: true } });
  if (!invoice) throw new NotFoundError(`No invoice ${idOrNumber} in this workspace.`);
  return invoice;
}

/** Emails the client the invoice or a reminder, and delivers it now rather than waiting for a server. */
export async function emailNow(
  app: EmailCliApp,
  workspaceId: string,
  idOrNumber: string,
  message: "invoice" | "reminder",
  out: (line: string) => void,
): Promise<void> {
  const invoice = await findInvoice(app.db, workspaceId, idOrNumber);
  const requested = await requestClientEmail(app.db, workspaceId, invoice.id, message, app.now());
  // On the embedded database the server is stopped while the CLI runs: deliver here.
  const dispatcher = createDispatcher(app.db, { subscribers: [app.email.subscriber], now: app.now });
  const result = await dispatcher.runOnce();
  const [latest] = await listEmails(app.db, { invoiceId: invoice.id }, 1);
  if (result.delivered > 0 && latest?.status === "sent") out(`Emailed ${invoice.number} (${latest.kind}) to ${requested.to}: ${latest.response ?? ""}`);
  else out(`Queued the ${message} for ${requested.to}; not sent yet (${latest?.lastError ?? "waiting its turn"}). The server's outbox retries it.`);
}
