import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { EmailConfig } from "./config.ts";
import { composeTestEmail } from "./messages/test-email.tsx";
import type { Mailer, SentEmail } from "./transport.ts";

/** The operator's check of the settings: one message, now, not through the outbox. */
export async function sendTestEmail(config: EmailConfig, mailer: Mailer, to: string, now: Date): Promise<SentEmail> {
  const transport = config.transport === "smtp" ? `${config.smtp.host}:${config.smtp.port}` : `the folder ${config.directory}`;
  const email = await composeTestEmail({ server: hostname(), transport });
  return mailer.send({
    from: { name: "Remit", address: config.from },
    to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: `<${randomUUID()}@${config.from.split("@")[1]}>`,
    date: now,
    headers: { "Auto-Submitted": "auto-generated" },
    kind: "test",
  });
}
