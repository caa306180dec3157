import { commandsFor, workspaceOption, type CommandIo } from "#app/platform/cli/command.ts";
import type { StripeConnection } from "../store.ts";

/** What `remit stripe …` needs of the running app (the AppContext fits). */
export interface StripeCliApp {
  /** Null when Stripe is not configured on this server. */
  stripe: StripeCliService | null;
}

interface StripeCliService {
  connection(workspaceId: string): Promise<StripeConnection>;
  connect(workspaceId: string): Promise<{ connection: StripeConnection; onboardingUrl: string | null }>;
  disconnect(workspaceId: string, userId: string | null): Promise<StripeConnection>;
}

const command = commandsFor<StripeCliApp>();

export const notConfigured = "Stripe is not configured on this server: set STRIPE_SECRET_KEY and a webhook secret (docs/payments.md).";

/** A `remit stripe …` command on one workspace's account; where Stripe is not configured, it says so and does nothing. */
export function stripeCommand(spec: {
  name: string;
  summary: string;
  notes?: string;
  run: (call: { stripe: StripeCliService; workspaceId: string; io: CommandIo }) => Promise<void>;
}) {
  const { run, ...rest } = spec;
  return command({
    ...rest,
    options: workspaceOption,
    async run({ options, io, app }) {
      const { stripe } = await app();
      if (!stripe) return io.out(notConfigured);
      await run({ stripe, workspaceId: options.workspace, io });
    },
  });
}
