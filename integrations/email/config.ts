import { join, resolve } from "node:path";
import { ConfigError, publicUrl, type Env } from "#app/platform/config/env.server.ts";

export type SmtpTls = "starttls" | "implicit" | "off";

export interface SmtpSettings {
  host: string;
  port: number;
  tls: SmtpTls;
  auth: { user: string; pass: string } | null;
}

/** How Remit sends email: through an SMTP server, or kept as .eml files when none is set. */
export type EmailConfig = { transport: "smtp"; smtp: SmtpSettings; from: string } | { transport: "file"; directory: string; from: string };

/** Where emails are kept without SMTP: DATA_DIR/mail, whatever the database. */
export function keptMailDirectory(env: Env): string {
  return resolve(join(env.DATA_DIR, "mail"));
}

const address = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$|^[^\s@<>",;]+@localhost$/;

/** MAIL_FROM as `billing@studio.example` or `Any name <billing@studio.example>`: the address only (the vendor's name is the display name). */
function fromAddress(value: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(value);
  const candidate = (angled ? angled[1]! : value).trim();
  if (!address.test(candidate)) {
    throw new ConfigError(`MAIL_FROM must be an email address your SMTP server may send from, such as billing@studio.example (got "${value}").`);
  }
  return candidate;
}

function defaultPort(tls: SmtpTls): number {
  return tls === "implicit" ? 465 : 587;
}

function fromUrl(url: string, env: Env): SmtpSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError("SMTP_URL must look like smtp://user:password@smtp.example.com:587 (or smtps:// for port 465).");
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") {
    throw new ConfigError(`SMTP_URL must start with smtp:// (STARTTLS) or smtps:// (TLS from the start), not ${parsed.protocol}//.`);
  }
  if (!parsed.hostname) throw new ConfigError("SMTP_URL has no host: smtp://user:password@smtp.example.com:587.");
  const tls: SmtpTls = parsed.protocol === "smtps:" ? "implicit" : (env.SMTP_TLS ?? "starttls");
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  if (user && !pass) throw new ConfigError("SMTP_URL names a user but no password: smtp://user:password@host:587 (percent-encode @, : and / in them).");
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : defaultPort(tls), tls, auth: user ? { user, pass } : null };
}

/**
 * Checks the email settings together and says what to fix. Without SMTP_URL or SMTP_HOST,
 * email is kept as files; with one of them, MAIL_FROM is required.
 */
export function emailConfig(env: Env): EmailConfig {
  const { SMTP_URL: url, SMTP_HOST: host } = env;
  if (!url && !host) {
    const stray = (["SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_TLS"] as const).filter((name) => env[name] !== undefined);
    if (stray.length)
      throw new ConfigError(`${stray.join(", ")} ${stray.length > 1 ? "are" : "is"} set but SMTP_HOST is not: set SMTP_HOST (or SMTP_URL) to send email.`);
    const from = env.MAIL_FROM ? fromAddress(env.MAIL_FROM) : `invoices@${new URL(publicUrl(env)).hostname}`;
    return { transport: "file", directory: keptMailDirectory(env), from };
  }
  if (url && host) throw new ConfigError("Set SMTP_URL or SMTP_HOST (with SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS), not both.");
  if (!env.MAIL_FROM) throw new ConfigError("SMTP is set: also set MAIL_FROM, the address clients receive email from (e.g. billing@studio.example).");
  const from = fromAddress(env.MAIL_FROM);
  if (url) return { transport: "smtp", smtp: fromUrl(url, env), from };
  if (Boolean(env.SMTP_USER) !== Boolean(env.SMTP_PASSWORD)) {
    throw new ConfigError("Set SMTP_USER and SMTP_PASSWORD together (or neither, for a server that needs no login).");
  }
  const tls = env.SMTP_TLS ?? (env.SMTP_PORT === 465 ? "implicit" : "starttls");
  const auth = env.SMTP_USER && env.SMTP_PASSWORD ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } : null;
  return { transport: "smtp", smtp: { host: host!, port: env.SMTP_PORT ?? defaultPort(tls), tls, auth }, from };
}

/** Where email goes, in words for start-up and the CLI (never the password). */
export function describeEmailConfig(config: EmailConfig): string {
  if (config.transport === "file") {
    return `Email is not set up (SMTP_URL or SMTP_HOST): every email is kept in ${config.directory}; list them with \`npx remit email list\`.`;
  }
  const { host, port, tls, auth } = config.smtp;
  return `Email goes through ${host}:${port} (${tls === "off" ? "no TLS" : tls === "implicit" ? "TLS" : "STARTTLS"}${auth ? `, as ${auth.user}` : ""}) from ${config.from}.`;
}
