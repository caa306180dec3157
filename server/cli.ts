import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, parseEnv, type Env } from "#app/platform/config/env.server.ts";
import { log } from "#app/platform/config/log.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { DataDirInUseError } from "#app/platform/db/data-dir-lock.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { DatabaseUnreachableError } from "#app/platform/db/database-errors.server.ts";
import { migrate, MigrationError } from "#app/platform/db/migrate.server.ts";
import { createCustomer, searchCustomers } from "#app/billing/customers.server.ts";
import { loadDemo, type DemoSummary } from "#server/demo.ts";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import type { CreateInvoiceInput } from "#app/billing/invoice-input.ts";
import { invoiceStatuses, type InvoiceStatus } from "#app/billing/invoice-status.ts";
import { createInvoice, listInvoices } from "#app/billing/invoices.server.ts";
import { formatMoney, parseAmount } from "#app/billing/money.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { revokePortalLinks } from "#app/portal/access.server.ts";
import { listDeliveries, retryDeadDelivery, type DeliveryState } from "#app/platform/outbox/outbox.server.ts";
import { createWorkspace, getWorkspace, listWorkspaces, updateWorkspaceSettings, type WorkspaceSettingsInput } from "#app/billing/workspaces.server.ts";
import { mirrorFields } from "#integrations/notion/index.ts";
import { emailCommandsWithoutDatabase, emailUsage, runEmailCommand } from "#integrations/email/index.ts";
import { boot } from "./boot.ts";
import { describeConnection, describeStatus, progressPrinter } from "./cli-notion.ts";
import { serve } from "./serve.ts";

export const usage = `Usage: remit <command> [options]

  serve                     Start the web server and background jobs (what npm start runs)
  migrate                   Apply pending database migrations
  demo                      Load the demo workspace (never touches other data)

  workspace create --name NAME [--currency USD] [--timezone Europe/Paris] [--locale fr-FR]
                   [--prefix INV-] [--terms DAYS] [--template classic|modern|compact]
  workspace update --workspace ID [--name N] [--brand-color #0f766e] [--logo logo.png] [--template T]
                   [--terms DAYS] [--prefix P] [--reminders 1,7,14] [--self-service-links on|off]
                   [--legal-name N] [--address "Street 1\nCity"] [--billing-email E] [--phone P]
                   [--website W] [--tax-id VAT] [--registration NO] [--bank-name B] [--bank-holder H]
                   [--bank-account IBAN] [--bank-bic BIC] [--payment-instructions TEXT]
                                                         What invoices print about you ("" clears one)
  workspace list
  workspace payments --workspace ID --partial on|off [--minimum AMOUNT|none]
                                                         Partial online payments (docs/payments.md)
  customer create --workspace ID --name NAME [--email E] [--address A] [--tax-id VAT] [--currency C] [--locale L]
  customer list --workspace ID [--search TEXT]
  invoice create --workspace ID --customer ID --line "Product|quantity|unit price[|description]"...
                 [--currency C] [--issue-date YYYY-MM-DD] [--due-date YYYY-MM-DD] [--tax PERCENT]
                 [--notes TEXT] [--po REFERENCE] [--template NAME] [--draft]
  invoice create --workspace ID --file invoice.json      (fields as in the README, amounts in minor units)
  invoice list --workspace ID [--status draft|open|paid|void|uncollectible]
  link --workspace ID --customer ID [--invoice ID] [--preview] [--days N]
                                                         A portal link for a client (--preview: yours, not counted as views)
  revoke --workspace ID --customer ID                    Kill every outstanding link of a client
  events [--status pending|dead|delivered]               Outbox deliveries, newest first
  events retry DELIVERY_ID                               Queue a dead delivery again
  notion connect --workspace ID [--token SECRET] (--database URL_OR_ID | --parent-page URL_OR_ID)
                 [--property field=Name]...              Check and store a Notion target (token: or NOTION_TOKEN)
  notion status [--workspace ID]                         Connection and mirror counts per workspace
  notion backfill [--workspace ID] [--force]             Mirror existing invoices (resumable; --force rewrites all)
${emailUsage}

Every command reads the same environment as the server (DATABASE_URL, DATA_DIR, …).`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: Env;
  /** An open database to use instead of opening one from the environment (tests). */
  database?: Database;
  build?: ServerBuild;
  /** Standard output is a terminal (serve prints demo links there, and only there). */
  interactive?: boolean;
}

/** A mistake in how the command was called: exit code 2 and the usage hint. */
class UsageError extends Error {}

const options = {
  name: { type: "string" },
  currency: { type: "string" },
  timezone: { type: "string" },
  locale: { type: "string" },
  prefix: { type: "string" },
  terms: { type: "string" },
  template: { type: "string" },
  workspace: { type: "string" },
  customer: { type: "string" },
  email: { type: "string" },
  address: { type: "string" },
  search: { type: "string" },
  line: { type: "string", multiple: true },
  file: { type: "string" },
  "issue-date": { type: "string" },
  "due-date": { type: "string" },
  tax: { type: "string" },
  notes: { type: "string" },
  draft: { type: "boolean" },
  status: { type: "string" },
  invoice: { type: "string" },
  preview: { type: "boolean" },
  days: { type: "string" },
  "brand-color": { type: "string" },
  logo: { type: "string" },
  reminders: { type: "string" },
  "self-service-links": { type: "string" },
  partial: { type: "string" },
  minimum: { type: "string" },
  token: { type: "string" },
  database: { type: "string" },
  "parent-page": { type: "string" },
  property: { type: "string", multiple: true },
  force: { type: "boolean" },
  "legal-name": { type: "string" },
  "billing-email": { type: "string" },
  phone: { type: "string" },
  website: { type: "string" },
  "tax-id": { type: "string" },
  registration: { type: "string" },
  "bank-name": { type: "string" },
  "bank-holder": { type: "string" },
  "bank-account": { type: "string" },
  "bank-bic": { type: "string" },
  "payment-instructions": { type: "string" },
  po: { type: "string" },
  to: { type: "string" },
  limit: { type: "string" },
  "reply-to": { type: "string" },
  "client-reminders": { type: "string" },
  "attach-pdf": { type: "string" },
  link: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function required(flags: Flags, name: "name" | "workspace" | "customer"): string {
  const value = flags[name];
  if (!value) throw new UsageError(`--${name} is required.`);
  return value;
}

function integerFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number.`);
  return Number(value);
}

/** A typed "\n" in a flag is a line break: addresses and instructions span lines. */
function multiline(value: string | undefined): string | undefined {
  return value?.replace(/\\n/g, "\n");
}

/** Exit code: 0 done, 1 refused or failed, 2 called wrongly. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values: flags, positionals } = parsed;
  const [command, action, ...rest] = positionals;
  if (!command || flags.help || command === "help") {
    io.out(usage);
    return command || flags.help ? 0 : 2;
  }
  let app: AppContext | null = null;
  try {
    const env = io.env ?? parseEnv();
    if (command === "serve") {
      if (!io.build) throw new UsageError("serve runs from the built server: use npm start.");
      const loaded: { demo: DemoSummary | null } = { demo: null };
      app = await boot({
        env,
        database: io.database,
        migrate: "apply",
        whileMigrationLocked: async ({ prisma }, now) => {
          if (env.DEMO && (await prisma.workspace.count()) === 0) loaded.demo = await loadDemo(prisma, now());
        },
      });
      const { demo } = loaded;
      if (demo) (io.interactive ? io.out : (line: string) => log.info(line))(`Loaded demo data: ${demo.customers.length} customers, ${demo.invoices} invoices (set DEMO=off to skip).`);
      const running = app;
      app = null; // serve closes the database itself on shutdown
      await serve(io.build, running, io.out, { interactive: io.interactive ?? false });
      return 0;
    }
    const usageError = (message: string): never => {
      throw new UsageError(message);
    };
    const emailContext = { env, flags, args: rest, out: io.out, usage: usageError, now: () => new Date() };
    if (command === "email" && emailCommandsWithoutDatabase.includes(action ?? "")) {
      await runEmailCommand(action, emailContext);
      return 0;
    }
    const known = ["migrate", "demo", "workspace", "customer", "invoice", "events", "link", "revoke", "notion", "email"];
    if (!known.includes(command)) throw new UsageError(`Unknown command "${command}".`);
    app = await boot({ env, database: io.database, migrate: command === "migrate" ? "skip" : "require" });
    if (command === "email") await runEmailCommand(action, { ...emailContext, now: app.now, app });
    else await dispatch(app, command, action, rest, flags, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof ValidationError) {
      io.err("Not done:");
      for (const [field, message] of Object.entries(error.issues)) io.err(`  ${field}: ${message}`);
      return 1;
    }
    if (
      error instanceof DomainError ||
      error instanceof ConfigError ||
      error instanceof DataDirInUseError ||
      error instanceof MigrationError ||
      error instanceof DatabaseUnreachableError
    ) {
      io.err(error.message);
      return 1;
    }
    throw error;
  } finally {
    if (app && !io.database) await app.database.close();
  }
}

async function dispatch(app: AppContext, command: string, action: string | undefined, rest: string[], flags: Flags, io: CliIo): Promise<void> {
  const { db } = app;
  switch (`${command} ${action ?? ""}`.trim()) {
    case "migrate": {
      const report = await migrate(app.database, { onWait: (message) => io.err(`${message}…`) });
      io.out(report.applied.length ? `Applied ${report.applied.join(", ")}.` : `Nothing to apply (${report.alreadyApplied} migrations already applied).`);
      return;
    }
    case "demo": {
      const demo = await loadDemo(db, app.now());
      io.out(demo ? `Loaded the demo workspace ${demo.workspaceId}: ${demo.customers.length} customers, ${demo.invoices} invoices.` : "The demo workspace is already loaded; nothing changed.");
      return;
    }
    case "workspace create": {
      const workspace = await createWorkspace(db, {
        name: required(flags, "name"),
        defaultCurrency: flags.currency,
        timezone: flags.timezone,
        locale: flags.locale,
        invoicePrefix: flags.prefix,
        paymentTermsDays: integerFlag(flags.terms, "terms"),
        defaultTemplate: flags.template as WorkspaceSettingsInput["defaultTemplate"],
      });
      io.out(`Created workspace ${workspace.id} "${workspace.name}".`);
      return;
    }
    case "workspace update": {
      const id = required(flags, "workspace");
      const onOff = flags["self-service-links"];
      if (onOff !== undefined && onOff !== "on" && onOff !== "off") throw new UsageError("--self-service-links is on or off.");
      const reminders = flags.reminders?.split(",").map((day) => integerFlag(day.trim(), "reminders") ?? 0);
      const workspace = await updateWorkspaceSettings(db, id, {
        name: flags.name,
        brandColor: flags["brand-color"],
        logoPng: flags.logo ? await readLogo(flags.logo) : undefined,
        defaultTemplate: flags.template as WorkspaceSettingsInput["defaultTemplate"],
        paymentTermsDays: integerFlag(flags.terms, "terms"),
        invoicePrefix: flags.prefix,
        reminderDays: reminders,
        selfServiceLinks: onOff === undefined ? undefined : onOff === "on",
        legalName: flags["legal-name"],
        address: multiline(flags.address),
        billingEmail: flags["billing-email"],
        phone: flags.phone,
        website: flags.website,
        taxId: flags["tax-id"],
        registrationNumber: flags.registration,
        bankName: flags["bank-name"],
        bankAccountHolder: flags["bank-holder"],
        bankAccount: flags["bank-account"],
        bankBic: flags["bank-bic"],
        paymentInstructions: multiline(flags["payment-instructions"]),
      });
      io.out(`Updated workspace ${workspace.id} "${workspace.name}".`);
      return;
    }
    case "workspace list": {
      const workspaces = await listWorkspaces(db);
      if (!workspaces.length) io.out("No workspaces yet. Create one with: remit workspace create --name \"My Studio\"");
      for (const ws of workspaces) io.out(`${ws.id}  ${ws.name}  ${ws.defaultCurrency}  ${ws.timezone}${ws.isDemo ? "  (demo)" : ""}`);
      return;
    }
    case "workspace payments": {
      const workspace = await getWorkspace(db, required(flags, "workspace"));
      if (flags.partial !== "on" && flags.partial !== "off") throw new UsageError("--partial must be on or off.");
      let minimumPartialAmount: number | null | undefined;
      if (flags.minimum === "none") minimumPartialAmount = null;
      else if (flags.minimum !== undefined) {
        const typed = parseAmount(flags.minimum, workspace.defaultCurrency, workspace.locale);
        if (!typed.ok) throw new UsageError(`--minimum: ${typed.error} Or none.`);
        minimumPartialAmount = typed.amount;
      }
      const updated = await updateWorkspaceSettings(db, workspace.id, { allowPartialPayments: flags.partial === "on", minimumPartialAmount });
      const minimum = updated.minimumPartialAmount ? `at least ${formatMoney(updated.minimumPartialAmount, updated.defaultCurrency, updated.locale)}` : "any amount";
      io.out(updated.allowPartialPayments ? `Clients of "${updated.name}" may pay part of a balance online (${minimum}).` : `Clients of "${updated.name}" pay the whole balance online.`);
      return;
    }
    case "customer create": {
      const workspace = await getWorkspace(db, required(flags, "workspace"));
      const customer = await createCustomer(db, workspace.id, {
        name: required(flags, "name"),
        email: flags.email,
        address: multiline(flags.address),
        taxId: flags["tax-id"],
        currency: flags.currency,
        locale: flags.locale,
      });
      io.out(`Created customer ${customer.id} "${customer.name}".`);
      return;
    }
    case "customer list": {
      const workspace = await getWorkspace(db, required(flags, "workspace"));
      for (const customer of await searchCustomers(db, workspace.id, flags.search, 1000)) {
        io.out(`${customer.id}  ${customer.name}${customer.email ? `  <${customer.email}>` : ""}`);
      }
      return;
    }
    case "invoice create": {
      const workspace = await getWorkspace(db, required(flags, "workspace"));
      const input = flags.file ? await invoiceFromFile(flags.file) : invoiceFromFlags(flags);
      const invoice = await createInvoice(db, workspace.id, input, app.now(), { actor: "cli" });
      io.out(`Created ${invoice.status} invoice ${invoice.number} (${invoice.id}) for ${formatMoney(invoice.total, invoice.currency, workspace.locale)}, due ${invoice.dueDate.toISOString().slice(0, 10)}.`);
      return;
    }
    case "invoice list": {
      const workspace = await getWorkspace(db, required(flags, "workspace"));
      const status = flags.status as InvoiceStatus | undefined;
      if (status && !invoiceStatuses.includes(status)) throw new UsageError(`--status must be one of ${invoiceStatuses.join(", ")}.`);
      const invoices = await listInvoices(db, workspace.id, { status }, 1000);
      if (!invoices.length) io.out("No invoices.");
      for (const invoice of invoices) {
        io.out(
          [invoice.number, invoice.status.padEnd(13), formatMoney(invoice.total, invoice.currency, workspace.locale).padStart(14), `due ${invoice.dueDate.toISOString().slice(0, 10)}`, invoice.customer.name].join("  "),
        );
      }
      return;
    }
    case "link": {
      const workspace = await getWorkspace(db, required(flags, "workspace"));
      const link = await issueCustomerLink(app, {
        workspaceId: workspace.id,
        customerId: required(flags, "customer"),
        invoiceId: flags.invoice ?? null,
        preview: flags.preview ?? false,
        ttlDays: integerFlag(flags.days, "days") ?? app.env.PORTAL_LINK_TTL_DAYS,
      });
      io.out(link.url);
      io.out(`Valid until ${link.expiresAt.toISOString()}${flags.preview ? " (a preview: your visits are not counted as the client's)" : ""}.`);
      return;
    }
    case "revoke": {
      const workspace = await getWorkspace(db, required(flags, "workspace"));
      await revokePortalLinks(db, workspace.id, required(flags, "customer"), { actor: "cli", at: app.now() });
      io.out("Every earlier link of this customer has stopped working. Issue a fresh one with: remit link");
      return;
    }
    case "events": {
      const status = (flags.status ?? "pending") as DeliveryState;
      if (!["pending", "dead", "delivered"].includes(status)) throw new UsageError("--status must be pending, dead or delivered.");
      const deliveries = await listDeliveries(db, status);
      if (!deliveries.length) io.out(`No ${status} deliveries.`);
      for (const d of deliveries) {
        io.out(`${d.id}  ${d.event.type.padEnd(20)} → ${d.subscriber.padEnd(8)} attempts ${d.attempts}${d.lastError ? `  last error: ${d.lastError}` : ""}`);
      }
      return;
    }
    case "events retry": {
      const [id] = rest;
      if (!id) throw new UsageError("events retry needs a delivery id (see remit events --status dead).");
      if (!(await retryDeadDelivery(db, id, app.now()))) throw new DomainError(`No dead delivery ${id}.`);
      io.out(`Delivery ${id} is queued again.`);
      return;
    }
    case "notion connect": {
      const workspace = await getWorkspace(db, required(flags, "workspace"));
      const token = flags.token ?? app.env.NOTION_TOKEN;
      if (!token) throw new UsageError("Give the integration's secret with --token, or in NOTION_TOKEN (keeps it out of your shell history).");
      const parentPage = flags["parent-page"];
      if (Boolean(flags.database) === Boolean(parentPage)) throw new UsageError("Give either --database (an existing database) or --parent-page (Remit creates one there).");
      const target = flags.database ? { database: flags.database } : { parentPage: parentPage ?? "" };
      const result = await app.notion.connect(workspace.id, { token, target, propertyNames: propertyFlags(flags.property) });
      for (const line of describeConnection(workspace.name, workspace.id, result)) io.out(line);
      return;
    }
    case "notion status": {
      if (flags.workspace) await getWorkspace(db, flags.workspace);
      for (const line of await describeStatus(app, flags.workspace)) io.out(line);
      return;
    }
    case "notion backfill": {
      const applied = await app.notion.applyEnvironment();
      if (applied) io.out(applied);
      const reports = await app.notion.backfill({ workspaceId: flags.workspace, force: flags.force, onProgress: progressPrinter(io.out) });
      if (!reports.length) io.out("No workspace is connected to Notion yet. Connect one with: remit notion connect --workspace ID …");
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}${action ? ` ${action}` : ""}".`);
  }
}

async function readLogo(path: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    throw new UsageError(`Cannot read ${path}.`);
  }
}

/** `--property customer=Client` flags: other names for Remit's Notion columns. */
function propertyFlags(specs: string[] | undefined): Record<string, string> | undefined {
  if (!specs?.length) return undefined;
  return Object.fromEntries(
    specs.map((spec) => {
      const separator = spec.indexOf("=");
      if (separator < 1) throw new UsageError(`--property must look like customer=Client (one of: ${Object.keys(mirrorFields).join(", ")}).`);
      return [spec.slice(0, separator).trim(), spec.slice(separator + 1).trim()];
    }),
  );
}

async function invoiceFromFile(path: string): Promise<CreateInvoiceInput> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`Cannot read ${path}.`);
  }
  try {
    return JSON.parse(text) as CreateInvoiceInput; // validated by createInvoice
  } catch {
    throw new UsageError(`${path} is not valid JSON.`);
  }
}

/** Prices stay as typed: the domain reads them in the invoice's currency and the workspace's locale. */
function invoiceFromFlags(flags: Flags): CreateInvoiceInput {
  if (!flags.line?.length) throw new UsageError('Give at least one --line "Product|quantity|unit price", or --file.');
  const lines = flags.line.map((spec, index) => {
    const [productName = "", quantity = "", unitPrice = "", ...description] = spec.split("|").map((part) => part.trim());
    if (!/^\d+(\.\d+)?$/.test(quantity) || !unitPrice) {
      throw new UsageError(`--line ${index + 1} must look like "Website redesign|1|1200.00" (a quantity and a price).`);
    }
    return { productName, quantity: Number(quantity), unitPrice, description: description.join("|") || null };
  });
  let taxRateBps: number | undefined;
  if (flags.tax !== undefined) {
    if (!/^\d+(\.\d{1,2})?$/.test(flags.tax)) throw new UsageError("--tax is a percentage such as 20 or 8.25.");
    taxRateBps = Math.round(Number(flags.tax) * 100);
  }
  return {
    customerId: required(flags, "customer"),
    currency: flags.currency,
    issueDate: flags["issue-date"],
    dueDate: flags["due-date"],
    taxRateBps,
    notes: flags.notes,
    poNumber: flags.po,
    template: flags.template as CreateInvoiceInput["template"],
    lines,
    issue: !flags.draft,
  };
}
