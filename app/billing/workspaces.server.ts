import { z } from "zod";
import type { Db } from "#app/platform/db/database.server.ts";
import { isValidTimeZone } from "#app/platform/calendar.ts";
import { NotFoundError, ValidationError } from "./errors.ts";
import { invoiceTemplates, maxAmount } from "./invoice-input.ts";
import { memberPermissionsInput } from "./permissions.ts";
import { quoteFollowUps } from "./quote-input.ts";
import { reminderStepBounds } from "./reminders.server.ts";
import { engagementRuleBounds } from "./engagement.ts";
import { clearableText, currencyCode, parseInput, text } from "./validation.ts";

export const workspaceInput = z.object({
  name: text("Workspace name", 120),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Brand colour must look like #4f46e5")
    .optional(),
  defaultCurrency: currencyCode.optional(),
  timezone: z.string().refine(isValidTimeZone, "Timezone must be an IANA name such as Europe/Paris").optional(),
  locale: z
    .string()
    .refine((tag) => Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0, "Locale must be a language tag such as en-GB")
    .optional(),
  invoicePrefix: z
    .string()
    .regex(/^[A-Za-z0-9-_/]{0,12}$/, "Invoice prefix may use letters, digits, - _ / and at most 12 characters")
    .optional(),
  creditNotePrefix: z
    .string()
    .regex(/^[A-Za-z0-9-_/]{0,12}$/, "Credit note prefix may use letters, digits, - _ / and at most 12 characters")
    .optional(),
  paymentTermsDays: z.number().int().min(0, "Payment terms cannot be negative").max(365, "Payment terms must be at most 365 days").optional(),
  defaultTemplate: z.enum(invoiceTemplates).optional(),
  isDemo: z.boolean().optional(),
});

export type WorkspaceInput = z.input<typeof workspaceInput>;

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const maxLogoBytes = 512 * 1024;

/**
 * What invoices print about the vendor (EU VAT Directive art. 226: full name and address, VAT
 * number) and the bank details a client pays to when paying online is not possible.
 */
export const vendorDetailsInput = z.object({
  legalName: clearableText("Legal name", 200),
  address: clearableText("Address", 500),
  billingEmail: z
    .email({ error: "Billing email must be an address such as billing@example.com" })
    .max(254)
    .or(z.literal(""))
    .nullable()
    .optional()
    .transform((value) => (value === undefined ? undefined : value || null)),
  phone: clearableText("Phone", 40),
  website: clearableText("Website", 200),
  taxId: clearableText("Tax / VAT ID", 40),
  registrationNumber: clearableText("Registration number", 80),
  bankName: clearableText("Bank name", 120),
  bankAccountHolder: clearableText("Account holder", 200),
  bankAccount: clearableText("IBAN or account number", 80),
  bankBic: clearableText("BIC / SWIFT", 20),
  paymentInstructions: clearableText("Payment instructions", 1000),
});

/** Who the invoice is from, as printed: the legal name (else the workspace's) and what is set. */
export function vendorDetails(workspace: {
  name: string;
  legalName: string | null;
  address: string | null;
  billingEmail: string | null;
  phone: string | null;
  website: string | null;
  taxId: string | null;
  registrationNumber: string | null;
}) {
  return {
    legalName: workspace.legalName ?? workspace.name,
    address: workspace.address,
    email: workspace.billingEmail,
    phone: workspace.phone,
    website: workspace.website,
    taxId: workspace.taxId,
    registrationNumber: workspace.registrationNumber,
  };
}

export type VendorDetails = ReturnType<typeof vendorDetails>;

/** The vendor's bank details, when enough of them are set for a client to pay by transfer. */
export function offlinePayment(workspace: {
  bankName: string | null;
  bankAccountHolder: string | null;
  bankAccount: string | null;
  bankBic: string | null;
  paymentInstructions: string | null;
}) {
  if (!workspace.bankAccount && !workspace.paymentInstructions) return null;
  return {
    bankName: workspace.bankName,
    accountHolder: workspace.bankAccountHolder,
    account: workspace.bankAccount,
    bic: workspace.bankBic,
    instructions: workspace.paymentInstructions,
  };
}

export type OfflinePayment = NonNullable<ReturnType<typeof offlinePayment>>;

/** A collections threshold: a whole number from 0 (the rule is off) to `max`. */
function threshold(label: string, max: number) {
  return z
    .number({ error: `${label} must be a whole number` })
    .int(`${label} must be a whole number`)
    .min(0, `${label} cannot be negative (0 turns the rule off)`)
    .max(max, `${label} must be at most ${max}`)
    .optional();
}

/** What a vendor can change about their workspace after it exists (from the CLI or Slack). */
export const workspaceSettingsInput = workspaceInput
  .omit({ isDemo: true })
  .partial()
  .extend({
    logoPng: z
      .instanceof(Uint8Array<ArrayBuffer>)
      .refine((bytes) => pngSignature.every((byte, i) => bytes[i] === byte), "Logo must be a PNG image")
      .refine((bytes) => bytes.byteLength <= maxLogoBytes, "Logo must be at most 512 KB")
      .nullable()
      .optional(),
    selfServiceLinks: z.boolean().optional(),
    ...vendorDetailsInput.shape,
    alertChannelId: clearableText("Alert channel", 40),
    reminderDays: z
      .array(z.number().int().min(1, "Reminder days start at 1 (the first day late)").max(365, "Reminder days must be at most 365"), {
        error: "Reminder days must be whole numbers of days",
      })
      .max(10, "At most 10 reminder days")
      .transform((days) => [...new Set(days)].sort((a, b) => a - b))
      .optional(),
    allowPartialPayments: z.boolean().optional(),
    emailReplyTo: z.email("The reply-to address must be an email address such as hello@studio.example").max(254).nullish(),
    clientReminders: z.boolean().optional(),
    clientReminderDays: z
      .array(
        z
          .number()
          .int()
          .min(reminderStepBounds.min, `Client reminders start at most ${-reminderStepBounds.min} days before the due date`)
          .max(reminderStepBounds.max, `Client reminders end at most ${reminderStepBounds.max} days after the due date`),
        { error: "Client reminder days must be whole numbers of days from the due date (-3 is three days before)" },
      )
      .max(10, "At most 10 client reminders")
      .transform((days) => [...new Set(days)].sort((a, b) => a - b))
      .optional(),
    emailAttachPdf: z.boolean().optional(),
    memberPermissions: memberPermissionsInput.optional(),
    emailLinkScope: z.enum(["invoice", "portal"], { error: "The email's link opens the invoice or the portal" }).optional(),
    riskUnopenedDays: threshold("Days before an unopened invoice is at risk", engagementRuleBounds.unopenedDays.max),
    riskOverdueDays: threshold("Days past due before an opened, unpaid invoice is at risk", engagementRuleBounds.overdueDays.max),
    riskRetryHours: threshold("Hours to retry a failed payment", engagementRuleBounds.retryHours.max),
    riskLatePaidDays: threshold("Days late that make a client a late payer", engagementRuleBounds.latePaidDays.max),
    digestWeekday: z
      .number()
      .int()
      .min(0, "The digest's day is 0 (off) or 1 (Monday) to 7 (Sunday)")
      .max(7, "The digest's day is 0 (off) or 1 (Monday) to 7 (Sunday)")
      .optional(),
    digestHour: z.number().int().min(0, "The digest's hour is 0 to 23").max(23, "The digest's hour is 0 to 23").optional(),
    // Quotes (app/billing/quotes.server.ts).
    quotePrefix: z
      .string()
      .regex(/^[A-Za-z0-9-_/]{0,12}$/, "Quote prefix may use letters, digits, - _ / and at most 12 characters")
      .optional(),
    quoteValidityDays: z.number().int().min(1, "A quote is valid at least 1 day").max(365, "A quote is valid at most 365 days").optional(),
    quoteTerms: clearableText("Quote terms", 2000),
    quoteFollowUp: z.enum(quoteFollowUps, { error: "On acceptance Remit makes the invoice and sends it, makes a draft invoice, or nothing" }).optional(),
    minimumPartialAmount: z
      .number()
      .int("The minimum partial payment must be a whole number of minor units")
      .min(1, "The minimum partial payment must be more than zero")
      .max(maxAmount, "The minimum partial payment is too large")
      .nullish(),
  });

export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsInput>;

/**
 * Credit notes are numbered in a series of their own (decision 152): with the invoices' prefix,
 * "INV-0007" could name an invoice and a credit note. The prefixes a change leaves, in words.
 */
function prefixIssues(prefixes: { invoicePrefix?: string | undefined; creditNotePrefix?: string | undefined }): Record<string, string> {
  const { invoicePrefix, creditNotePrefix } = prefixes;
  if (invoicePrefix === undefined || creditNotePrefix === undefined || invoicePrefix !== creditNotePrefix) return {};
  return { creditNotePrefix: `Credit notes need a prefix of their own, not the invoices' "${invoicePrefix}": a number always names one document.` };
}

/** Every mistake in a settings change at once, by field, without writing anything. */
export function settingsIssues(input: WorkspaceSettingsInput): Record<string, string> {
  try {
    parseInput(workspaceSettingsInput, input);
    return prefixIssues(input);
  } catch (error) {
    if (error instanceof ValidationError) return { ...prefixIssues(input), ...error.issues };
    throw error;
  }
}

/** Changes a workspace's settings; only the fields given change. */
export async function updateWorkspaceSettings(db: Db, id: string, input: WorkspaceSettingsInput) {
  const data = parseInput(workspaceSettingsInput, input);
  if (data.invoicePrefix !== undefined || data.creditNotePrefix !== undefined) {
    const current = await getWorkspace(db, id);
    const issues = prefixIssues({
      invoicePrefix: data.invoicePrefix ?? current.invoicePrefix,
      creditNotePrefix: data.creditNotePrefix ?? current.creditNotePrefix,
    });
    if (Object.keys(issues).length) throw new ValidationError(issues);
  }
  const { count } = await db.workspace.updateMany({ where: { id }, data });
  if (count === 0) throw new NotFoundError(`No workspace with id ${id}.`);
  return getWorkspace(db, id);
}

export async function createWorkspace(db: Db, input: WorkspaceInput) {
  return db.workspace.create({ data: parseInput(workspaceInput, input) });
}

export async function getWorkspace(db: Db, id: string) {
  const workspace = await db.workspace.findUnique({ where: { id } });
  if (!workspace) throw new NotFoundError(`No workspace with id ${id}.`);
  return workspace;
}

export async function listWorkspaces(db: Db) {
  return db.workspace.findMany({ orderBy: { createdAt: "asc" } });
}
