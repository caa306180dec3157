import { createHash } from "node:crypto";
import { chmod, mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import type { EmailConfig } from "./config.ts";

/** One email ready to go: nodemailer's message fields, with our Message-ID and Date; `kind` names a kept file. */
export type OutgoingEmail = Mail.Options & { messageId: string; date: Date; to: string; kind: string };

export interface SentEmail {
  transport: "smtp" | "file";
  /** The SMTP server's last answer ("250 2.0.0 Ok: queued as …"), or the file the email was kept in. */
  response: string;
}

export interface Mailer {
  readonly transport: "smtp" | "file";
  send(email: OutgoingEmail): Promise<SentEmail>;
  /** Connects and logs in (SMTP) or checks the directory is writable (files). */
  verify(): Promise<void>;
  close(): void;
}

/** Timeouts shorter than the outbox lease (30 s), so a hung server never makes two senders. */
export const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 };

/** The file an email is kept in: its day and a hash of its Message-ID, so a retry overwrites rather than duplicates. */
export function keptFileName(email: Pick<OutgoingEmail, "messageId" | "date">, kind: string): string {
  const stamp = email.date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const hash = createHash("sha256").update(email.messageId).digest("hex").slice(0, 12);
  return `${stamp}-${kind.replace(/[^a-z0-9_-]/gi, "")}-${hash}.eml`;
}

export function createMailer(config: EmailConfig): Mailer {
  if (config.transport === "smtp") {
    const { host, port, tls, auth } = config.smtp;
    const transporter = nodemailer.createTransport({
      host,
      port,
      secure: tls === "implicit",
      requireTLS: tls === "starttls",
      ignoreTLS: tls === "off",
      ...(auth ? { auth } : {}),
      ...smtpTimeouts,
    });
    return {
      transport: "smtp",
      async send({ kind: _kind, ...email }) {
        const info = await transporter.sendMail(email);
        return { transport: "smtp", response: info.response };
      },
      async verify() {
        await transporter.verify();
      },
      close: () => transporter.close(),
    };
  }
  const { directory } = config;
  const writer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    transport: "file",
    async send({ kind, ...email }) {
      const info = await writer.sendMail(email);
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const path = join(directory, keptFileName(email, kind));
      // Written whole, then renamed: a reader never sees half an email. Links in it are live: owner only.
      await writeFile(`${path}.tmp`, info.message as Buffer, { mode: 0o600 });
      await rename(`${path}.tmp`, path);
      return { transport: "file", response: path };
    },
    async verify() {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      await chmod(directory, 0o700);
    },
    close: () => writer.close(),
  };
}
