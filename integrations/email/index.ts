import type { Env } from "#app/platform/config/env.server.ts";
import type { Subscriber } from "#app/ports/events.ts";
import { describeEmailConfig, emailConfig, type EmailConfig } from "./config.ts";
import { createEmailSubscriber, type EmailRemit } from "./subscriber.ts";
import { createMailer, type Mailer } from "./transport.ts";

export { emailConfig, describeEmailConfig, keptMailDirectory, type EmailConfig } from "./config.ts";
export { emailSubscriberName, type EmailRemit } from "./subscriber.ts";
export { emailCommands } from "./cli/index.ts";

/** Email to clients, as the rest of Remit sees it. */
export interface EmailService {
  readonly config: EmailConfig;
  /** The outbox subscriber that sends every client email. */
  readonly subscriber: Subscriber;
  /** Where email goes, in words (start-up, CLI). */
  describe(): string;
  /** Connects and logs in to the SMTP server, or checks the kept-mail directory. */
  verify(): Promise<void>;
  close(): void;
}

/** Builds the mailer from the environment (`emailConfig` throws ConfigError on bad settings). */
export function createEmailService(options: { env: Env; remit: EmailRemit; mailer?: Mailer }): EmailService {
  const config = emailConfig(options.env);
  const mailer = options.mailer ?? createMailer(config);
  const subscriber = createEmailSubscriber({ remit: options.remit, mailer, from: config.from });
  return {
    config,
    subscriber,
    describe: () => describeEmailConfig(config),
    verify: () => mailer.verify(),
    close: () => mailer.close(),
  };
}
