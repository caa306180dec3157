import { z } from "zod";

/** What nodemailer's SMTP errors carry (see nodemailer's SMTP connection errors). */
const smtpError = z.object({
  message: z.string(),
  code: z.string().optional(),
  responseCode: z.number().optional(),
  response: z.string().optional(),
  command: z.string().optional(),
});

export interface SendFailure {
  /** A 5xx answer (unknown mailbox, refused sender, failed login): retrying the same cannot help. */
  permanent: boolean;
  /** In words, for the outbox and the vendor's alert; the SMTP server's own answer when it gave one. */
  reason: string;
}

/**
 * Sorts a failed send: 5xx answers are permanent (RFC 5321 §4.2.1), 4xx temporary (mailbox
 * busy, greylisting, rate limits), and no answer at all (refused connection, timeout, TLS
 * trouble, DNS) temporary too, since the server may be back soon.
 */
export function classifySendError(error: unknown): SendFailure {
  const parsed = smtpError.safeParse(error);
  if (!parsed.success) return { permanent: false, reason: String(error) };
  const { message, code, responseCode, response, command } = parsed.data;
  const answer = (response ?? message).replace(/\s+/g, " ").trim().slice(0, 500);
  if (responseCode !== undefined) {
    const at = command ? ` (at ${command.split(" ")[0]})` : "";
    return { permanent: responseCode >= 500, reason: `The mail server answered ${answer}${at}` };
  }
  // Nodemailer refusing the message itself (no recipient, bad address) is permanent as well.
  if (code === "EENVELOPE" || code === "EMESSAGE") return { permanent: true, reason: message };
  return { permanent: false, reason: `${code ? `${code}: ` : ""}${message}` };
}
