import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface ReceivedEmail {
  /** The envelope: who the SMTP client said the message is from and for. */
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
  raw: Buffer;
}

/** An SMTP answer to RCPT TO: a 4xx (try later) or 5xx (never) code and its text. */
export interface SmtpAnswer {
  code: number;
  message: string;
}

export interface TestSmtp {
  port: number;
  /** Every message the server accepted, in order. */
  received: ReceivedEmail[];
  /** Decides each recipient: null accepts, an answer rejects it with that code. */
  answer(decide: (recipient: string) => SmtpAnswer | null): void;
  /** The server stops listening: connections are refused, as during an outage. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** The environment that points Remit at this server. */
  env: Record<string, string>;
}

/**
 * A real SMTP server (nodemailer's smtp-server) on loopback, for tests: plain SMTP without
 * TLS, no login, every accepted message parsed with mailparser.
 */
export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedEmail[] = [];
  let decide: (recipient: string) => SmtpAnswer | null = () => null;
  const options: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const answer = decide(address.address);
      if (!answer) return callback();
      callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        simpleParser(raw).then(
          (mail) => {
            received.push({ envelope, mail, raw });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  let server = new SMTPServer(options);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port));
    });
  const port = await listen(0);
  return {
    port,
    received,
    answer(next) {
      decide = next;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async start() {
      server = new SMTPServer(options);
      await listen(port);
    },
    env: { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(port), SMTP_TLS: "off", MAIL_FROM: "billing@remit.test" },
  };
}
