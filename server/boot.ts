import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv, publicUrl, type Env } from "#app/platform/config/env.server.ts";
import { log, setLogLevel } from "#app/platform/config/log.server.ts";
import { projectRoot } from "#app/platform/config/paths.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { openDatabase, type Database } from "#app/platform/db/database.server.ts";
import { createDatabaseClock, type DatabaseClock } from "#app/platform/db/database-clock.server.ts";
import { createHealthMonitor } from "#app/platform/db/health.server.ts";
import { migrate, requireMigrated } from "#app/platform/db/migrate.server.ts";
import { KeptLinkStates } from "#app/portal/link-states.server.ts";
import { createRateLimiter } from "#app/platform/rate-limit.ts";
import { checkoutCloser, createStripeService, stripeReferences, stripeSettings } from "#integrations/stripe/index.ts";
import { createNotionService, notionEnvironment } from "#integrations/notion/index.ts";
import { createSlack } from "#integrations/slack/index.ts";
import { createEmailService, emailConfig, type EmailRemit } from "#integrations/email/index.ts";
import { renderInvoicePdf, renderReceiptPdf } from "#app/documents/pdf.server.ts";
import { clientLocale, invoiceDocument, receiptDocument } from "#app/web/documents.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { quoteDocument } from "#app/web/quote-documents.server.ts";
import { chooseLocale } from "#app/i18n/languages.ts";

export const version: string = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string }).version;

export interface BootOptions {
  env?: Env;
  /** An already open database (tests); otherwise opened from the environment. */
  database?: Database;
  /**
   * `apply` pending migrations (only `remit migrate` and `remit serve`), `require` none to be
   * pending (every other command: a newer checkout never migrates production by the way), or `skip`.
   */
  migrate?: "apply" | "require" | "skip";
  /** Runs after migrating, under the migration lock: once however many instances start together. */
  whileMigrationLocked?: (database: Database, now: () => Date) => Promise<void>;
  /** The clock (tests); otherwise the database's clock (docs/decisions/007). */
  now?: () => Date;
}

/** Opens the database the environment names, waiting (and saying so) while it cannot be reached. */
export function openConfiguredDatabase(env: Env): Promise<Database> {
  return openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    timeouts: { connectMs: env.DATABASE_CONNECT_TIMEOUT_MS, queryMs: env.DATABASE_QUERY_TIMEOUT_MS, idleMs: env.DATABASE_IDLE_TIMEOUT_MS },
    startTimeoutMs: env.DATABASE_START_TIMEOUT_MS,
    onWait: (message, fields) => log.warn(message, fields),
  });
}

/** Measures this machine's clock against the database's; a skew is worth an operator's look. */
async function syncClock(clock: DatabaseClock): Promise<void> {
  const offsetMs = await clock.sync();
  if (Math.abs(offsetMs) > clockSkewWarningMs) {
    log.warn("This machine's clock differs from the database's; Remit keeps time by the database's. Check NTP on both.", { offsetMs: Math.round(offsetMs) });
  }
}

const clockSkewWarningMs = 2_000;

/**
 * The composition root: configuration, secrets, database and migrations, and the integrations
 * wired to domain events. The HTTP server, jobs and the CLI all start here.
 */
export async function boot(options: BootOptions = {}): Promise<AppContext> {
  const env = options.env ?? parseEnv();
  setLogLevel(env.LOG_LEVEL);
  const secrets = resolveSecrets(env);
  notionEnvironment(env); // inconsistent Notion settings fail here, before the database opens
  emailConfig(env); // and so do inconsistent email settings
  // Inconsistent Stripe settings fail here too; with Slack installable anywhere, only Connect is allowed.
  const stripeConfig = stripeSettings(env, version, Boolean(env.SLACK_CLIENT_ID));
  const database = options.database ?? (await openConfiguredDatabase(env));
  try {
    const clock = createDatabaseClock(database.prisma);
    if (!options.now) await syncClock(clock);
    const now = options.now ?? clock.now;
    const mode = options.migrate ?? "require";
    const whileLocked = options.whileMigrationLocked;
    if (mode === "apply") {
      const report = await migrate(database, {
        onWait: (message, fields) => log.warn(message, fields),
        whileLocked: whileLocked && (() => whileLocked(database, now)),
      });
      if (report.applied.length) log.info("Applied migrations", { migrations: report.applied });
      if (report.changed.length) log.warn("Applied migrations were edited afterwards", { migrations: report.changed });
    } else if (mode === "require") {
      await requireMigrated(database);
    }
    const stripe =
      stripeConfig &&
      createStripeService(stripeConfig, { db: database.prisma, signingKeys: secrets.signingKeys, publicUrl: publicUrl(env), now: () => app.now() });
    const notion = createNotionService({ database, env, secrets, now });
    // Read through the app, so a test that swaps `app.now` moves the email's clock too.
    const remit: EmailRemit = {
      db: database.prisma,
      now: () => app.now(),
      linkTtlDays: env.PORTAL_LINK_TTL_DAYS,
      payOnline: async (workspaceId) => Boolean(app.stripe && (await app.stripe.accountFor(workspaceId))),
      portalLink: (request) => issueCustomerLink(app, request),
      // An attached PDF speaks the client's language, as their portal does.
      invoicePdf: (view) => renderInvoicePdf(invoiceDocument(view, clientLocale(view))),
      receiptPdf: (view, payment) => renderReceiptPdf(receiptDocument(view, payment, clientLocale(view))),
      quotePdf: (view) => renderInvoicePdf(quoteDocument(view, chooseLocale({ customer: view.customer.locale, workspace: view.vendor.locale }))),
    };
    const email = createEmailService({ env, remit });
    const app: AppContext = {
      env,
      secrets,
      database,
      db: database.prisma,
      health: createHealthMonitor(database),
      linkStates: new KeptLinkStates(database.prisma),
      version,
      now,
      syncClock: options.now ? async () => {} : () => syncClock(clock),
      stripe,
      paymentReferences: stripeReferences,
      notion,
      email,
      slack: null,
      subscribers: [],
      limits: {
        badTokens: createRateLimiter(20, 10 * 60_000),
        linkRequests: createRateLimiter(5, 60 * 60_000),
        linkRequestsPerCustomer: createRateLimiter(10, 60 * 60_000),
        beacons: createRateLimiter(60, 10 * 60_000),
        questions: createRateLimiter(10, 60 * 60_000),
      },
    };
    app.slack = createSlack(app);
    // What this instance delivers; deliveries it cannot make wait for an instance that can.
    app.subscribers = [
      notion.subscriber,
      email.subscriber,
      ...(stripe ? [checkoutCloser(database.prisma, stripe)] : []),
      ...(app.slack ? [app.slack.alerts] : []),
    ];
    return app;
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
}
