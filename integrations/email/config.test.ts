import { describe, expect, it } from "vitest";
import { parseEnv } from "#app/platform/config/env.server.ts";
import { describeEmailConfig, emailConfig } from "./config.ts";
import { classifySendError } from "./errors.ts";

const config = (env: Record<string, string>) => emailConfig(parseEnv({ DATA_DIR: "/srv/remit", ...env }));

describe("email settings", () => {
  it("keeps email as files under DATA_DIR/mail without SMTP", () => {
    expect(config({})).toEqual({ transport: "file", directory: "/srv/remit/mail", from: "invoices@localhost" });
    expect(config({ PUBLIC_URL: "https://billing.studio.example", MAIL_FROM: "Studio <billing@studio.example>" })).toMatchObject({
      from: "billing@studio.example",
    });
  });

  it("reads SMTP_URL, with STARTTLS on 587 or TLS on 465, percent-encoded logins, and never shows the password", () => {
    const smtp = config({ SMTP_URL: "smtp://apikey:p%40ss%2Fword@smtp.sendgrid.net:587", MAIL_FROM: "billing@studio.example" });
    expect(smtp).toEqual({
      transport: "smtp",
      from: "billing@studio.example",
      smtp: { host: "smtp.sendgrid.net", port: 587, tls: "starttls", auth: { user: "apikey", pass: "p@ss/word" } },
    });
    expect(describeEmailConfig(smtp)).toBe("Email goes through smtp.sendgrid.net:587 (STARTTLS, as apikey) from billing@studio.example.");
    expect(config({ SMTP_URL: "smtps://u:p@mail.example.com", MAIL_FROM: "a@studio.example" })).toMatchObject({ smtp: { port: 465, tls: "implicit" } });
  });

  it("reads SMTP_HOST and its companions", () => {
    expect(
      config({ SMTP_HOST: "email-smtp.eu-west-1.amazonaws.com", SMTP_USER: "AKIA", SMTP_PASSWORD: "secret", MAIL_FROM: "a@studio.example" }),
    ).toMatchObject({
      smtp: { host: "email-smtp.eu-west-1.amazonaws.com", port: 587, tls: "starttls", auth: { user: "AKIA", pass: "secret" } },
    });
    expect(config({ SMTP_HOST: "smtp.example.com", SMTP_PORT: "465", MAIL_FROM: "a@studio.example" })).toMatchObject({
      smtp: { port: 465, tls: "implicit", auth: null },
    });
    expect(config({ SMTP_HOST: "127.0.0.1", SMTP_PORT: "25", SMTP_TLS: "off", MAIL_FROM: "a@studio.example" })).toMatchObject({
      smtp: { port: 25, tls: "off" },
    });
  });

  it("says what to fix in each inconsistent setting", () => {
    expect(() => config({ SMTP_HOST: "smtp.example.com" })).toThrow("SMTP is set: also set MAIL_FROM");
    expect(() => config({ SMTP_HOST: "smtp.example.com", SMTP_URL: "smtp://h", MAIL_FROM: "a@b.example" })).toThrow("Set SMTP_URL or SMTP_HOST");
    expect(() => config({ SMTP_HOST: "smtp.example.com", SMTP_USER: "me", MAIL_FROM: "a@b.example" })).toThrow("Set SMTP_USER and SMTP_PASSWORD together");
    expect(() => config({ SMTP_USER: "me", SMTP_PASSWORD: "x" })).toThrow("SMTP_USER, SMTP_PASSWORD are set but SMTP_HOST is not");
    expect(() => config({ SMTP_URL: "https://smtp.example.com", MAIL_FROM: "a@b.example" })).toThrow("SMTP_URL must start with smtp://");
    expect(() => config({ SMTP_URL: "smtp://user@smtp.example.com", MAIL_FROM: "a@b.example" })).toThrow("names a user but no password");
    expect(() => config({ SMTP_HOST: "smtp.example.com", MAIL_FROM: "billing" })).toThrow(
      'MAIL_FROM must be an email address your SMTP server may send from, such as billing@studio.example (got "billing")',
    );
    expect(() => parseEnv({ SMTP_TLS: "yes" })).toThrow("SMTP_TLS must be starttls (port 587), implicit (port 465) or off");
  });
});

describe("SMTP failures", () => {
  it("are permanent on 5xx and for refused messages, temporary on 4xx and on no answer", () => {
    const smtp = (responseCode: number, response: string, command = "RCPT TO") =>
      Object.assign(new Error("x"), { code: "EENVELOPE", responseCode, response, command });
    expect(classifySendError(smtp(550, "550 5.1.1 <a@b.example>: Recipient address rejected"))).toEqual({
      permanent: true,
      reason: "The mail server answered 550 5.1.1 <a@b.example>: Recipient address rejected (at RCPT)",
    });
    expect(classifySendError(smtp(535, "535 5.7.8 Authentication failed", "AUTH PLAIN")).permanent).toBe(true);
    expect(classifySendError(smtp(421, "421 4.7.0 Try again later", "DATA")).permanent).toBe(false);
    expect(classifySendError(smtp(452, "452 4.2.2 Mailbox full")).permanent).toBe(false);
    expect(classifySendError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:2525"), { code: "ESOCKET" }))).toEqual({
      permanent: false,
      reason: "ESOCKET: connect ECONNREFUSED 127.0.0.1:2525",
    });
    expect(classifySendError(Object.assign(new Error("Greeting never received"), { code: "ETIMEDOUT" })).permanent).toBe(false);
    expect(classifySendError(Object.assign(new Error("No recipients defined"), { code: "EENVELOPE" })).permanent).toBe(true);
  });
});
