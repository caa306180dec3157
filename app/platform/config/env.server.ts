import { isIP } from "node:net";
import { z } from "zod";

const flag = z.enum(["on", "off", "true", "false", "1", "0"]).transform((value) => value === "on" || value === "true" || value === "1");

const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);
const isProxyAddress = (entry: string) => {
  if (proxyNames.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

/**
 * Which proxies' X-Forwarded-For to believe: `off`, a number of hops (1 for one reverse proxy),
 * or the proxies' addresses. `on` ("trust any") let every client choose its own address, so it
 * is refused with what to set instead.
 */
export const trustProxy = z
  .string()
  .trim()
  .transform((value, context): false | number | string[] => {
    const lower = value.toLowerCase();
    if (lower === "off" || lower === "false" || lower === "0") return false;
    if (lower === "on" || lower === "true") {
      context.addIssue({
        code: "custom",
        message:
          `"${value}" trusted any X-Forwarded-For a client sends, so anyone could pick the address rate limits count. ` +
          "Set the number of proxies in front of Remit (TRUST_PROXY=1 for one reverse proxy) or their addresses (TRUST_PROXY=10.0.0.5,loopback).",
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 10) return hops;
    }
    const entries = value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.length && entries.every(isProxyAddress)) return entries;
    context.addIssue({
      code: "custom",
      message:
        "TRUST_PROXY takes off, a number of proxy hops (1 to 10), or proxy addresses (IPs, CIDR ranges, loopback, linklocal, uniquelocal), comma-separated.",
    });
    return z.NEVER;
  });

const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

/** Every environment variable Remit reads. The README's configuration table mirrors this. */
export const envSchema = z.object({
  HOST: z.string().default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TRUST_PROXY: trustProxy.default(false),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "PUBLIC_URL must be an http(s) URL such as https://billing.example.com" }).optional(),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgresql:// (leave it unset for the embedded database)")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // PostgreSQL timeouts (docs/operations.md#timeouts).
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  DATABASE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  DATABASE_START_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  DEMO: flag.default(true),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  PORTAL_SIGNING_KEYS: optionalText,
  PORTAL_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Memory for portal home pages kept as rendered, served again while nothing they show changed (decision 115); 0 turns it off. */
  PORTAL_CACHE_MB: z.coerce.number().min(0).max(1024).default(16),
  ENCRYPTION_KEY: optionalText,
  /** Stripe (online payment): both keys or neither; see docs/payments.md. */
  STRIPE_SECRET_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, "STRIPE_SECRET_KEY must be a secret key such as sk_test_… (Dashboard → Developers → API keys)")
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^whsec_\w+$/, "STRIPE_WEBHOOK_SECRET must be the endpoint's signing secret, whsec_… (Dashboard → Webhooks, or stripe listen)")
      .optional(),
  ),
  /** Stripe Connect: the Connect endpoint's signing secret; set, every workspace is paid into its own Stripe account (docs/decisions/013). */
  STRIPE_CONNECT_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(
        /^whsec_\w+$/,
        'STRIPE_CONNECT_WEBHOOK_SECRET must be the Connect endpoint\'s signing secret, whsec_… (Dashboard → Webhooks, "Events from connected accounts")',
      )
      .optional(),
  ),
  /** Where Stripe's API is: only a proxy or a local Stripe-compatible server needs this. */
  STRIPE_API_URL: z
    .url({ protocol: /^https?$/, error: "STRIPE_API_URL must be an http(s) URL such as https://api.stripe.com" })
    .refine((value) => ["", "/"].includes(new URL(value).pathname), "STRIPE_API_URL takes a host (and port), not a path: https://stripe-proxy.internal:8443")
    .default("https://api.stripe.com"),
  // Notion mirror for one workspace without the Slack settings (docs/notion.md).
  NOTION_TOKEN: optionalText,
  NOTION_DATABASE_ID: optionalText,
  NOTION_PARENT_PAGE_ID: optionalText,
  NOTION_WORKSPACE_ID: optionalText,
  NOTION_API_URL: z
    .url({ protocol: /^https?$/, error: "NOTION_API_URL must be an http(s) URL such as https://api.notion.com" })
    .default("https://api.notion.com"),
  NOTION_REQUESTS_PER_SECOND: z.coerce.number().min(0.1).max(10).default(3),
  // Slack (docs/slack-setup.md): a signing secret plus either a bot token (one Slack workspace)
  // or OAuth client credentials (any number of workspaces); an app token turns on Socket Mode.
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  // Email to clients (docs/email.md): SMTP_URL, or SMTP_HOST with the rest; unset keeps every
  // email as a file under DATA_DIR/mail. Combinations are checked in integrations/email/config.ts.
  SMTP_URL: optionalText,
  SMTP_HOST: optionalText,
  SMTP_PORT: z.coerce.number({ error: "SMTP_PORT must be a port number such as 587" }).int().min(1).max(65535).optional(),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  SMTP_TLS: z
    .enum(["starttls", "implicit", "off"], { error: "SMTP_TLS must be starttls (port 587), implicit (port 465) or off (a relay on this machine)" })
    .optional(),
  MAIL_FROM: optionalText,
  SLACK_API_URL: z
    .url({ protocol: /^https?$/, error: "SLACK_API_URL must be an http(s) URL such as https://slack.com/api/" })
    .default("https://slack.com/api/"),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses configuration once; a bad value names the variable and says what is expected. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

export function publicUrl(env: Env): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}
