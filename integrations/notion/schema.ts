import { createHash } from "node:crypto";
import type { CreateDatabaseParameters, CreatePageParameters, UpdateDataSourceParameters } from "@notionhq/client";
import { formatCalendarDate } from "#app/platform/calendar.ts";
import type { InvoiceSummary } from "#app/billing/invoice-summary.server.ts";
import { statusLabels } from "#app/billing/invoice-summary.server.ts";
import { nextPart, type AllocatedPart } from "#app/billing/instalments.ts";
import { formatMoney, minorUnitDigits } from "#app/billing/money.ts";
import { quoteStatusLabels, type QuoteSummary } from "#app/billing/quotes.server.ts";

/** The columns Remit writes, with their default names (a vendor may choose others when connecting). */
export const mirrorFields = {
  number: { name: "Number", type: "title", description: "The invoice or quote number." },
  type: { name: "Type", type: "select", description: "Invoice or Quote. A quote's Due is the last day the client can accept it; it has no paid or balance." },
  customer: { name: "Customer", type: "rich_text", description: "Who the invoice is for." },
  customerEmail: { name: "Customer email", type: "email", description: "The customer's billing email." },
  amount: { name: "Amount", type: "number", description: "Invoice total with tax, in the invoice currency." },
  currency: { name: "Currency", type: "rich_text", description: "ISO currency code of every amount on this row." },
  status: {
    name: "Status",
    type: "select",
    description:
      "Invoices: Draft, Open, Overdue (open and past due), Paid, Void or Uncollectible. Quotes: Draft, Sent, Accepted, Declined, Expired or Withdrawn.",
  },
  issued: { name: "Issued", type: "date", description: "Issue date (empty while a draft)." },
  due: { name: "Due", type: "date", description: "Due date." },
  paidOn: { name: "Paid on", type: "date", description: "Day the invoice was paid in full." },
  amountPaid: { name: "Amount paid", type: "number", description: "Paid so far." },
  balanceDue: { name: "Balance due", type: "number", description: "Still to pay (0 when paid or void)." },
  overpaid: {
    name: "Overpaid",
    type: "number",
    description: "Received beyond what the invoice asked for (all of it on a void invoice), less refunds: to refund or keep as the customer's credit.",
  },
  portalLink: { name: "Portal link", type: "url", description: "Your preview of the client's invoice page (opening it is not counted as a client view)." },
  lastViewed: { name: "Last viewed", type: "date", description: "When the client last opened the invoice." },
  views: { name: "Views", type: "number", description: "How many times the client opened the invoice." },
  lastEmailed: {
    name: "Last emailed",
    type: "date",
    description: "When Remit last emailed the client about the invoice (the invoice, a reminder, a receipt).",
  },
  remindersSent: { name: "Reminders sent", type: "number", description: "Reminder emails the client has had about the invoice." },
  lastReminder: { name: "Last reminder", type: "date", description: "When Remit last emailed the client a reminder about the invoice." },
  engagement: {
    name: "Engagement",
    type: "select",
    description: "Open invoices: Engaged (opened), Not opened, or At risk (see the reasons). Empty once paid or void. Rules: Remit's README, Collections.",
  },
  engagementReasons: { name: "At-risk reasons", type: "rich_text", description: "Why the invoice is at risk, in words." },
  lastChange: {
    name: "Last change",
    type: "rich_text",
    description: "Who last changed the invoice and when (issued, marked paid, voided, refunded, …); /invoice status in Slack shows every change.",
  },
  nextPartDue: {
    name: "Next part due",
    type: "date",
    description: "An invoice split into instalments: when the next unpaid part is due (empty once all are paid, or when not split).",
  },
  instalments: {
    name: "Instalments",
    type: "rich_text",
    description: "An invoice split into instalments: each part's amount, due date, and whether it is paid, open or late.",
  },
  answer: { name: "Answer", type: "rich_text", description: "A quote's answer: who accepted it, or why the client declined." },
  remitId: { name: "Remit ID", type: "rich_text", description: "Remit's id for this invoice: keeps one page per invoice. Hide it, but do not edit it." },
} as const;

export type MirrorField = keyof typeof mirrorFields;
type PropertyType = (typeof mirrorFields)[MirrorField]["type"];
export const mirrorFieldNames = Object.keys(mirrorFields) as MirrorField[];

/** Column names: the defaults, replaced by the vendor's choices. */
export function propertyNames(chosen: Partial<Record<string, string>> = {}): Record<MirrorField, string> {
  return Object.fromEntries(mirrorFieldNames.map((field) => [field, chosen[field] ?? mirrorFields[field].name])) as Record<MirrorField, string>;
}

/** Where each field is written: the Notion property's id (stable across renames) and its name. */
export type PropertyMap = Record<MirrorField, { id: string; name: string }>;

/** A property as a data source describes it. */
export interface ExistingProperty {
  id: string;
  name: string;
  type: string;
  /** Options of a select property. */
  options?: { id: string; name: string }[];
}

/** Every Status option: the invoices' labels, then the quotes' (Draft is shared). */
const allStatusLabels = [...new Set([...statusLabels, ...quoteStatusLabels])];
const statusColors: Record<(typeof allStatusLabels)[number], string> = {
  Draft: "gray",
  Open: "blue",
  Overdue: "red",
  Paid: "green",
  Void: "default",
  Uncollectible: "orange",
  Sent: "purple",
  Accepted: "green",
  Declined: "brown",
  Expired: "default",
  Withdrawn: "default",
};
const typeColors = { Invoice: "blue", Quote: "purple" } as const;
const engagementColors = { Engaged: "green", "Not opened": "gray", "At risk": "red" } as const;

type PropertyConfiguration = NonNullable<NonNullable<CreateDatabaseParameters["initial_data_source"]>["properties"]>[string];
type PropertyChange = NonNullable<UpdateDataSourceParameters["properties"]>[string];

type SelectColor = "default" | "gray" | "brown" | "orange" | "yellow" | "green" | "blue" | "purple" | "pink" | "red";
const selectOptions = (colors: Record<string, string>) => Object.entries(colors).map(([name, color]) => ({ name, color: color as SelectColor }));

/** A column's configuration: valid both when creating a database and when adding to one. */
function configurationFor(field: MirrorField): PropertyConfiguration & PropertyChange {
  const { type, description } = mirrorFields[field];
  const common: { description: string } = { description };
  switch (type) {
    case "title":
      return { ...common, title: {} };
    case "rich_text":
      return { ...common, rich_text: {} };
    case "email":
      return { ...common, email: {} };
    case "url":
      return { ...common, url: {} };
    case "date":
      return { ...common, date: {} };
    case "number":
      return { ...common, number: { format: field === "views" || field === "remindersSent" ? "number" : "number_with_commas" } };
    case "select":
      if (field === "engagement") return { ...common, select: { options: selectOptions(engagementColors) } };
      if (field === "type") return { ...common, select: { options: selectOptions(typeColors) } };
      return { ...common, select: { options: selectOptions(statusColors) } };
  }
}

/** The full schema of a database Remit creates. */
export function fullSchema(names: Record<MirrorField, string>): Record<string, PropertyConfiguration> {
  return Object.fromEntries(mirrorFieldNames.map((field) => [names[field], configurationFor(field)]));
}

export interface SchemaPlan {
  /** Fields already in place. */
  found: Partial<PropertyMap>;
  /** Properties to add or to extend (a Status select missing options), keyed by name or id. */
  changes: Record<string, PropertyChange>;
  /** Names Remit adds, for the report. */
  added: string[];
  /** Properties of the wrong type: Remit cannot write them and will not change them. */
  conflicts: { field: MirrorField; name: string; type: string; wanted: PropertyType }[];
}

/**
 * Compares a data source with what Remit writes. Missing properties are added; a property
 * Remit knew by id is found even after a rename; the vendor's own properties are never
 * renamed, retyped or removed. The title column holds the number, whatever it is called.
 */
export function planSchema(existing: ExistingProperty[], names: Record<MirrorField, string>, known: Partial<PropertyMap> = {}): SchemaPlan {
  const plan: SchemaPlan = { found: {}, changes: {}, added: [], conflicts: [] };
  for (const field of mirrorFieldNames) {
    const wanted = mirrorFields[field].type;
    const property =
      wanted === "title"
        ? existing.find((candidate) => candidate.type === "title")
        : (existing.find((candidate) => candidate.id === known[field]?.id && candidate.type === wanted) ??
          existing.find((candidate) => candidate.name === names[field]));
    if (!property) {
      plan.changes[names[field]] = configurationFor(field);
      plan.added.push(names[field]);
      continue;
    }
    if (property.type !== wanted) {
      plan.conflicts.push({ field, name: property.name, type: property.type, wanted });
      continue;
    }
    plan.found[field] = { id: property.id, name: property.name };
    const missingOptions = field === "status" ? allStatusLabels.filter((label) => !property.options?.some((option) => option.name === label)) : [];
    if (missingOptions.length) {
      plan.changes[property.id] = {
        select: {
          options: [
            ...(property.options ?? []).map((option) => ({ id: option.id })),
            ...missingOptions.map((name) => ({ name, color: statusColors[name] as SelectColor })),
          ],
        },
      };
    }
  }
  return plan;
}

/** Completes a plan's property map from the data source after the changes were applied. */
export function resolvePropertyMap(plan: SchemaPlan, after: ExistingProperty[], names: Record<MirrorField, string>): PropertyMap | null {
  const map: Partial<PropertyMap> = { ...plan.found };
  for (const field of mirrorFieldNames) {
    if (map[field]) continue;
    const property = after.find((candidate) => candidate.name === names[field] && candidate.type === mirrorFields[field].type);
    if (!property) return null;
    map[field] = { id: property.id, name: property.name };
  }
  return map as PropertyMap;
}

/** The values of an invoice's or a quote's row (all but the portal link), before Notion's request format. */
export interface RowValues {
  number: string;
  type: "Invoice" | "Quote";
  customer: string;
  customerEmail: string | null;
  amount: number;
  currency: string;
  status: string;
  issued: string | null;
  due: string;
  paidOn: string | null;
  /** Null on a quote: nothing is paid on a quote. */
  amountPaid: number | null;
  balanceDue: number | null;
  overpaid: number | null;
  lastViewed: string | null;
  views: number | null;
  lastEmailed: string | null;
  remindersSent: number | null;
  lastReminder: string | null;
  engagement: string | null;
  engagementReasons: string;
  lastChange: string;
  nextPartDue: string | null;
  instalments: string;
  answer: string;
  remitId: string;
}

/** Amounts in Notion are major units (12.5 for 1250 cents; 1250 for 1250 yen). */
function major(amount: number, currency: string): number {
  return amount / 10 ** minorUnitDigits(currency);
}

export function rowValues(summary: InvoiceSummary): RowValues {
  const { currency } = summary;
  return {
    number: summary.number,
    type: "Invoice",
    customer: summary.customerName,
    customerEmail: summary.customerEmail,
    amount: major(summary.total, currency),
    currency,
    status: summary.status,
    issued: summary.issueDate ? formatCalendarDate(summary.issueDate) : null,
    due: formatCalendarDate(summary.dueDate),
    paidOn: summary.paidOn ? formatCalendarDate(summary.paidOn) : null,
    amountPaid: major(summary.amountPaid, currency),
    balanceDue: major(summary.balanceDue, currency),
    overpaid: major(summary.overpaid, currency),
    lastViewed: summary.lastViewedAt?.toISOString() ?? null,
    views: summary.views,
    lastEmailed: summary.lastEmailedAt?.toISOString() ?? null,
    remindersSent: summary.remindersSent,
    lastReminder: summary.lastReminderAt?.toISOString() ?? null,
    engagement: summary.engagement,
    engagementReasons: summary.engagementReasons,
    lastChange: summary.lastChange,
    ...instalmentValues(summary),
    answer: "",
    remitId: summary.id,
  };
}

const partStates: Record<AllocatedPart["state"], string> = { paid: "paid", due: "open", upcoming: "open", overdue: "late" };

/**
 * A split invoice's schedule as Notion shows it: the next unpaid part's due date, and every part
 * in words ("1. $400.00 due 2026-12-01, paid; 2. $400.00 due 2027-01-01, open"). Nothing is due on
 * a void invoice, so it shows the parts without a next one.
 */
function instalmentValues(summary: InvoiceSummary): Pick<RowValues, "nextPartDue" | "instalments"> {
  const { instalments: parts, currency, locale } = summary;
  const amount = (value: number) => formatMoney(value, currency, locale);
  const next = summary.status === "Void" ? null : nextPart(parts);
  const described = parts.map((part) => {
    const state = part.paid > 0 && part.remaining > 0 ? `${amount(part.paid)} paid, ${partStates[part.state]}` : partStates[part.state];
    return `${part.position}. ${amount(part.amount)} due ${formatCalendarDate(part.dueDate)}, ${state}`;
  });
  return { nextPartDue: next ? formatCalendarDate(next.dueDate) : null, instalments: described.join("; ") };
}

/** A quote's row: its total and validity in the invoice columns; paid, balance and engagement stay empty. */
export function quoteRowValues(summary: QuoteSummary): RowValues {
  return {
    number: summary.number,
    type: "Quote",
    customer: summary.customerName,
    customerEmail: summary.customerEmail,
    amount: major(summary.total, summary.currency),
    currency: summary.currency,
    status: summary.status,
    issued: summary.issueDate ? formatCalendarDate(summary.issueDate) : null,
    due: formatCalendarDate(summary.validUntil),
    paidOn: null,
    amountPaid: null,
    balanceDue: null,
    overpaid: null,
    lastViewed: null,
    views: null,
    lastEmailed: null,
    remindersSent: null,
    lastReminder: null,
    engagement: null,
    engagementReasons: "",
    nextPartDue: null,
    instalments: "",
    answer: summary.answer,
    lastChange: "",
    remitId: summary.id,
  };
}

/**
 * A fingerprint of a row, to tell whether the page is current. The portal link is not in it:
 * a fresh link is signed at every write, and that alone does not make a page stale.
 */
export function rowHash(values: RowValues, map: PropertyMap): string {
  return createHash("sha256")
    .update(JSON.stringify([values, map]))
    .digest("base64url");
}

export type PageProperties = NonNullable<CreatePageParameters["properties"]>;

/**
 * Notion's documented request limits (reference: "Request limits"): at most 2,000 characters in
 * one text object and 100 objects in a rich text array; emails at most 200 characters, URLs
 * 2,000. Remit writes within them: long text is split into several objects (cut between code
 * points), and an email or URL Notion cannot hold is left empty rather than refused.
 */
export const notionLimits = { textContent: 2000, richTextItems: 100, email: 200, url: 2000 } as const;

/** Text as rich text objects of at most 2,000 UTF-16 units each, never splitting a surrogate pair. */
function text(content: string) {
  const parts: { type: "text"; text: { content: string } }[] = [];
  let rest = content;
  while (rest && parts.length < notionLimits.richTextItems) {
    let end = Math.min(rest.length, notionLimits.textContent);
    const last = rest.charCodeAt(end - 1);
    if (end < rest.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push({ type: "text", text: { content: rest.slice(0, end) } });
    rest = rest.slice(end);
  }
  return parts;
}

const within = (value: string | number | null, limit: number) => (value === null || String(value).length > limit ? null : String(value));

function propertyValue(field: MirrorField, value: string | number | null): PageProperties[string] {
  switch (mirrorFields[field].type) {
    case "title":
      return { title: text(String(value)) };
    case "rich_text":
      return { rich_text: value === null || value === "" ? [] : text(String(value)) };
    case "email":
      return { email: within(value, notionLimits.email) };
    case "url":
      return { url: within(value, notionLimits.url) };
    case "number":
      return { number: typeof value === "number" ? value : null };
    case "select":
      return { select: value === null ? null : { name: String(value) } };
    case "date":
      return { date: value === null ? null : { start: String(value) } };
  }
}

/** The page's properties in Notion's request format, keyed by property id. */
export function pageProperties(values: RowValues, portalLink: string, map: PropertyMap): PageProperties {
  const all = { ...values, portalLink };
  return Object.fromEntries(mirrorFieldNames.map((field) => [map[field].id, propertyValue(field, all[field])]));
}

/** Whether a stored map names a property for every field (an older map may lack a newer field). */
export function completeMap(map: Record<string, { id: string; name: string }>): PropertyMap | null {
  return mirrorFieldNames.every((field) => map[field]) ? (map as PropertyMap) : null;
}

/** A harmless write to Remit's own Remit ID column, to prove the integration may edit the schema. */
export function touchChange(map: Pick<PropertyMap, "remitId">): SchemaPlan["changes"] {
  return { [map.remitId.id]: configurationFor("remitId") };
}
