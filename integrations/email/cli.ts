import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import type { Env } from "#app/platform/config/env.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { DomainError, NotFoundError } from "#app/billing/errors.ts";
import type { Subscriber } from "#app/ports/events.ts";
import { setCustomerReminders } from "#app/billing/customers.server.ts";
import { readReminderDays, requestClientEmail } from "#app/billing/reminders.server.ts";
import { updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";
import { describeEmailConfig, emailConfig, type EmailConfig } from "./config.ts";
import { classifySendError } from "./errors.ts";
import { listEmails } from "./store.ts";
import { createMailer } from "./transport.ts";
import { sendTestEmail } from "./test-email.ts";

export const emailUsage = `  email list [--limit N]                                 Emails kept without SMTP (DATA_DIR/mail), newest first
  email show N|FILE                                      One kept email: headers and text (N from email list)
  email test --to ADDRESS                                Send a test email now, to check the SMTP settings
  email send --workspace ID --invoice ID|NUMBER          Email the invoice to the client again, now
  email remind --workspace ID --invoice ID|NUMBER        Email the client a reminder now
  email history --workspace ID [--invoice ID|NUMBER]     What was emailed to clients, and what failed
  email settings --workspace ID [--reply-to ADDRESS|none] [--client-reminders -3,0,1,7,14|on|off]
                 [--attach-pdf on|off] [--link invoice|portal]
                                                         The workspace's email settings (shown after any change)
  email reminders --workspace ID --customer ID on|off    Reminder emails to one client`;

/** These read files or talk to the SMTP server only: they work while the server holds the embedded database. */
export const emailCommandsWithoutDatabase = ["list", "show", "test"];

export interface EmailCliContext {
  env: Env;
  flags: {
    to?: string;
    limit?: string;
    workspace?: string;
    invoice?: string;
    customer?: string;
    "reply-to"?: string;
    "client-reminders"?: string;
    "attach-pdf"?: string;
    link?: string;
  };
  args: string[];
  out: (line: string) => void;
  /** Throws the CLI's usage error (exit code 2). */
  usage: (message: string) => never;
  now: () => Date;
  /** The booted app, for the commands that need the database. */
  app?: { db: Db; email: { subscriber: Subscriber } };
}

interface KeptEmail {
  file: string;
  date: Date | undefined;
  to: string;
  subject: string;
}

async function keptEmails(directory: string): Promise<KeptEmail[]> {
  const files = (await readdir(directory).catch(() => [] as string[])).filter((name) => name.endsWith(".eml")).sort().reverse();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(await readFile(join(directory, file)), { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
      const to = ([] as AddressObject[]).concat(parsed.to ?? []).map((address) => address.text).join(", ");
      return { file, date: parsed.date, to, subject: parsed.subject ?? "" };
    }),
  );
}

function keptDirectory(config: EmailConfig, ctx: EmailCliContext): string {
  if (config.transport === "file") return config.directory;
  ctx.out(`${describeEmailConfig(config)} Nothing is kept as files; \`remit email history --workspace ID\` shows what was sent.`);
  return "";
}

async function findInvoice(db: Db, workspaceId: string, idOrNumber: string) {
  const invoice = await db.invoice.findFirst({ where: { workspaceId, OR: [{ id: idOrNumber }, { number: idOrNumber }] }, select: { id: true, number: true } });
  if (!invoice) throw new NotFoundError(`No invoice ${idOrNumber} in this workspace.`);
  return invoice;
}

export async function runEmailCommand(action: string | undefined, ctx: EmailCliContext): Promise<void> {
  const config = emailConfig(ctx.env);
  const { flags, out } = ctx;
  switch (action) {
    case "list": {
      const directory = keptDirectory(config, ctx);
      if (!directory) return;
      const limit = flags.limit ? Number(flags.limit) : 20;
      if (!Number.isInteger(limit) || limit < 1) ctx.usage("--limit must be a whole number.");
      const kept = await keptEmails(directory);
      if (!kept.length) {
        out(`No emails kept in ${directory} yet.`);
        return;
      }
      out(`${kept.length} email${kept.length === 1 ? "" : "s"} kept in ${directory} (open a .eml file in any mail program, or \`remit email show N\`):`);
      kept.slice(0, limit).forEach((email, index) => {
        out(`${String(index + 1).padStart(3)}  ${email.date?.toISOString().slice(0, 16).replace("T", " ") ?? "?"}  ${email.to}  ${email.subject}`);
        out(`     ${email.file}`);
      });
      return;
    }
    case "show": {
      const directory = keptDirectory(config, ctx);
      if (!directory) return;
      const [which] = ctx.args;
      if (!which) ctx.usage("email show needs the number from `email list`, or a file name.");
      const kept = await keptEmails(directory);
      const email = /^\d+$/.test(which) ? kept[Number(which) - 1] : kept.find((candidate) => candidate.file === which);
      if (!email) throw new NotFoundError(`No kept email ${which}: see \`remit email list\`.`);
      const parsed = await simpleParser(await readFile(join(directory, email.file)));
      const header = (name: string) => parsed.headers.get(name.toLowerCase());
      out(`From:     ${parsed.from?.text ?? ""}`);
      out(`To:       ${email.to}`);
      if (parsed.replyTo) out(`Reply-To: ${parsed.replyTo.text}`);
      out(`Date:     ${parsed.date?.toISOString() ?? ""}`);
      out(`Subject:  ${parsed.subject ?? ""}`);
      out(`Message-ID: ${String(header("message-id") ?? "")}`);
      for (const attachment of parsed.attachments) out(`Attached: ${attachment.filename ?? "file"} (${attachment.contentType}, ${attachment.size} bytes)`);
      out("");
      out((parsed.text ?? "").trimEnd());
      return;
    }
    case "test": {
      if (!flags.to) ctx.usage("email test needs --to ADDRESS.");
      const mailer = createMailer(config);
      try {
        out(describeEmailConfig(config));
        await mailer.verify();
        const sent = await sendTestEmail(config, mailer, flags.to, ctx.now());
        out(config.transport === "smtp" ? `Sent to ${flags.to}: the server answered ${sent.response}` : `Kept in ${sent.response}`);
      } catch (error) {
        throw new DomainError(`The test email was not sent. ${classifySendError(error).reason}`);
      } finally {
        mailer.close();
      }
      return;
    }
    case "send":
    case "remind": {
      const app = ctx.app;
      if (!app || !flags.workspace || !flags.invoice) return ctx.usage(`email ${action} needs --workspace ID and --invoice ID|NUMBER.`);
      const invoice = await findInvoice(app.db, flags.workspace, flags.invoice);
      const requested = await requestClientEmail(app.db, flags.workspace, invoice.id, action === "send" ? "invoice" : "reminder", ctx.now());
      // Deliver it now rather than waiting for a server (which, on the embedded database, is stopped while the CLI runs).
      const dispatcher = createDispatcher(app.db, { subscribers: [app.email.subscriber], now: ctx.now });
      const result = await dispatcher.runOnce();
      const [latest] = await listEmails(app.db, { invoiceId: invoice.id }, 1);
      if (result.delivered > 0 && latest?.status === "sent") out(`Emailed ${invoice.number} (${latest.kind}) to ${requested.to}: ${latest.response ?? ""}`);
      else out(`Queued the ${action === "send" ? "invoice" : "reminder"} for ${requested.to}; not sent yet (${latest?.lastError ?? "waiting its turn"}). The server's outbox retries it.`);
      return;
    }
    case "history": {
      const app = ctx.app;
      if (!app || !flags.workspace) return ctx.usage("email history needs --workspace ID.");
      const invoiceId = flags.invoice ? (await findInvoice(app.db, flags.workspace, flags.invoice)).id : undefined;
      const emails = await listEmails(app.db, { workspaceId: flags.workspace, ...(invoiceId ? { invoiceId } : {}) });
      if (!emails.length) out("No emails yet.");
      for (const email of emails) {
        const when = (email.sentAt ?? email.createdAt).toISOString().slice(0, 16).replace("T", " ");
        out(`${when}  ${email.status.padEnd(7)}  ${email.kind.padEnd(10)}  ${email.to}  ${email.subject}${email.lastError && email.status !== "sent" ? `  (${email.lastError})` : ""}`);
      }
      return;
    }
    case "settings": {
      const app = ctx.app;
      if (!app || !flags.workspace) return ctx.usage("email settings needs --workspace ID.");
      const onOff = (name: "attach-pdf", value: string | undefined) => {
        if (value === undefined) return undefined;
        if (value !== "on" && value !== "off") ctx.usage(`--${name} is on or off.`);
        return value === "on";
      };
      const schedule = flags["client-reminders"];
      const days = schedule && !["on", "off"].includes(schedule) ? readReminderDays(schedule) : undefined;
      if (days === null) ctx.usage("--client-reminders takes whole days from the due date, such as -3,0,1,7,14 (or on, off).");
      if (flags.link !== undefined && flags.link !== "invoice" && flags.link !== "portal") ctx.usage("--link is invoice or portal.");
      const replyTo = flags["reply-to"];
      const workspace = await updateWorkspaceSettings(app.db, flags.workspace, {
        emailReplyTo: replyTo === undefined ? undefined : replyTo === "none" ? null : replyTo,
        clientReminders: schedule === "off" ? false : schedule === undefined ? undefined : true,
        clientReminderDays: days,
        emailAttachPdf: onOff("attach-pdf", flags["attach-pdf"]),
        emailLinkScope: flags.link as "invoice" | "portal" | undefined,
      });
      const step = (day: number) => (day < 0 ? `${-day} before` : day === 0 ? "on the day" : `${day} after`);
      out(`Email settings of "${workspace.name}":`);
      out(`  Reply-To:         ${workspace.emailReplyTo ?? "none (replies go to MAIL_FROM)"}`);
      out(`  Client reminders: ${workspace.clientReminders ? workspace.clientReminderDays.map(step).join(", ") : "off"} (days from the due date)`);
      out(`  Invoice PDF:      ${workspace.emailAttachPdf ? "attached" : "not attached (the link has it)"}`);
      out(`  Link opens:       ${workspace.emailLinkScope === "portal" ? "the client's portal, on the invoice" : "the invoice only"}`);
      return;
    }
    case "reminders": {
      const app = ctx.app;
      const [value] = ctx.args;
      if (!app || !flags.workspace || !flags.customer || (value !== "on" && value !== "off")) {
        return ctx.usage("email reminders needs --workspace ID --customer ID and on or off.");
      }
      await setCustomerReminders(app.db, flags.workspace, flags.customer, value === "on");
      out(value === "on" ? "Reminder emails to this client are on." : "Reminder emails to this client are off; invoices and receipts still go.");
      return;
    }
    default:
      ctx.usage(action ? `Unknown email command "${action}".` : "email needs a command: list, show, test, send, remind, history, settings or reminders.");
  }
}
