import { z } from "zod";
import { parseCalendarDate } from "#app/platform/calendar.ts";
import { currencyCode, optionalText, text } from "./validation.ts";

/** No single line or invoice total may exceed this many minor units (absurd amounts are typos). */
export const maxAmount = 999_999_999;
export const maxLines = 500;

export const invoiceTemplates = ["classic", "modern", "compact"] as const;
export type InvoiceTemplate = (typeof invoiceTemplates)[number];

const calendarDate = (label: string) =>
  z.union([z.string(), z.date()], { error: `${label} must be a date (YYYY-MM-DD)` }).transform((value, ctx) => {
    const date = value instanceof Date ? parseCalendarDate(value.toISOString().slice(0, 10)) : parseCalendarDate(value);
    if (!date) ctx.addIssue({ code: "custom", message: `${label} must be a real date written YYYY-MM-DD` });
    return date ?? z.NEVER;
  });

const basisPoints = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be whole basis points`)
    .min(0, `${label} cannot be negative`)
    .max(10_000, `${label} cannot be more than 100%`);

export const lineItemInput = z
  .object({
    productName: text("Product name", 200),
    description: optionalText("Description", 2000),
    quantity: z
      .number({ error: "Quantity must be a number" })
      .positive("Quantity must be more than 0")
      .max(1_000_000, "Quantity must be at most 1,000,000")
      .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, "Quantity may have at most 3 decimals"),
    unitAmount: z
      .number({ error: "Unit price must be a number" })
      .int("Unit price must be a whole number of minor units (cents)")
      .min(0, "Unit price cannot be negative")
      .max(maxAmount, "Unit price is too large")
      .optional(),
    /** The price as a person typed it ("1.200,50"): read in the invoice's currency and the vendor's locale. */
    unitPrice: z.string({ error: "Unit price must be text" }).max(50, "Unit price is too long").optional(),
    /** This line's tax rate; the invoice's `taxRateBps` when absent. */
    taxRateBps: basisPoints("Tax rate").optional(),
    /** A discount on this line only. */
    discountBps: basisPoints("Discount").optional(),
  })
  .refine((line) => (line.unitAmount === undefined) !== (line.unitPrice === undefined), {
    message: "Give the unit price either typed (unitPrice) or in minor units (unitAmount)",
    path: ["unitAmount"],
  });

/** A line as it is stored: its quantity in thousandths. */
export interface StoredLine {
  productName: string;
  description: string | null;
  quantityThousandths: number;
  unitAmount: number;
  taxRateBps: number;
  discountBps: number;
}

/**
 * A stored line as the input that would make it again: what a copy of a document's lines
 * starts from (a schedule's template, a quote's invoice, a PDF's lines).
 */
export function lineInput(line: StoredLine) {
  return {
    productName: line.productName,
    description: line.description,
    quantity: line.quantityThousandths / 1000,
    unitAmount: line.unitAmount,
    taxRateBps: line.taxRateBps,
    discountBps: line.discountBps,
  };
}

export const createInvoiceInput = z
  .object({
    customerId: z.string({ error: "Customer is required" }).min(1, "Customer is required"),
    currency: currencyCode.optional(),
    issueDate: calendarDate("Issue date").optional(),
    dueDate: calendarDate("Due date").optional(),
    /** The tax rate of every line that names none. */
    taxRateBps: basisPoints("Tax rate").default(0),
    /** A discount on the whole invoice, taken before tax. */
    discountBps: basisPoints("Discount").default(0),
    /** When the goods or services were supplied, if not on the issue date. */
    supplyDate: calendarDate("Supply date").optional(),
    notes: optionalText("Notes", 2000),
    poNumber: optionalText("PO number or reference", 80),
    footer: optionalText("Footer", 1000),
    template: z.enum(invoiceTemplates, { error: `Template must be one of ${invoiceTemplates.join(", ")}` }).optional(),
    lines: z
      .array(lineItemInput, { error: "Line items are required" })
      .min(1, "An invoice needs at least one line item")
      .max(maxLines, `An invoice can have at most ${maxLines} line items`),
    issue: z.boolean().default(true),
    /** Email the issued invoice to the customer (when they have an address). */
    emailClient: z.boolean().default(true),
  })
  .refine((input) => !(input.issueDate instanceof Date) || !(input.dueDate instanceof Date) || input.dueDate >= input.issueDate, {
    message: "Due date cannot be before the issue date",
    path: ["dueDate"],
    // Checked whenever both dates are readable, even while other fields are wrong: every mistake at once.
    when: ({ value }) => {
      const dates = value as { issueDate?: unknown; dueDate?: unknown };
      return dates.issueDate instanceof Date && dates.dueDate instanceof Date;
    },
  });

export type CreateInvoiceInput = z.input<typeof createInvoiceInput>;
