import { DomainError } from "#app/billing/errors.ts";
import { describeEmailConfig, emailConfig } from "../config.ts";
import { classifySendError } from "../errors.ts";
import { sendTestEmail } from "../test-email.ts";
import { createMailer } from "../transport.ts";
import { command } from "./command.ts";
import { required } from "#app/platform/cli/command.ts";

export const emailTest = command({
  name: "email test",
  summary: "Send a test email now, to check the SMTP settings.",
  options: {
    to: required("ADDRESS", "Where to send it"),
  },
  async run({ options, io }) {
    const config = emailConfig(io.env);
    const mailer = createMailer(config);
    try {
      io.out(describeEmailConfig(config));
      await mailer.verify();
      const sent = await sendTestEmail(config, mailer, options.to, io.now());
      io.out(config.transport === "smtp" ? `Sent to ${options.to}: the server answered ${sent.response}` : `Kept in ${sent.response}`);
    } catch (error) {
      throw new DomainError(`The test email was not sent. ${classifySendError(error).reason}`);
    } finally {
      mailer.close();
    }
  },
});
