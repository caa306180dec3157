import type { z } from "zod";
import type { Db } from "#app/platform/db/database.server.ts";
import { createCustomer, customerInput, type CustomerInput } from "./customers.server.ts";
import { ValidationError } from "./errors.ts";
import { createInvoiceInput, type CreateInvoiceInput } from "./invoice-input.ts";
import { createInvoiceIn, createOnce, type InvoiceOrigin } from "./invoices.server.ts";
import { parseInput } from "./validation.ts";

function issuesOf(schema: z.ZodType, input: unknown, prefix = ""): Record<string, string> {
  try {
    parseInput(schema, input);
    return {};
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return Object.fromEntries(Object.entries(error.issues).map(([field, message]) => [`${prefix}${field}`, message]));
  }
}

/**
 * Every mistake in an invoice (and the new customer it is for) at once, without writing
 * anything: a form can show them all on the first try. Empty when both are fine.
 */
export function invoiceEntryIssues(customer: CustomerInput | null, invoice: Omit<CreateInvoiceInput, "customerId">): Record<string, string> {
  return {
    ...(customer ? issuesOf(customerInput, customer, "customer.") : {}),
    ...issuesOf(createInvoiceInput, { ...invoice, customerId: "checked-separately" }),
  };
}

/**
 * Creates a customer and their first invoice, or neither. Both inputs are checked before
 * anything is written, so every mistake is reported at once ("customer.email", "lines.0.quantity").
 */
export async function createInvoiceForNewCustomer(
  db: Db,
  workspaceId: string,
  customer: CustomerInput,
  invoice: Omit<CreateInvoiceInput, "customerId">,
  now: Date,
  origin: InvoiceOrigin = {},
) {
  const issues = invoiceEntryIssues(customer, invoice);
  if (Object.keys(issues).length) throw new ValidationError(issues);
  return createOnce(db, workspaceId, origin, () =>
    db.$transaction(async (tx) => {
      const created = await createCustomer(tx, workspaceId, customer);
      return createInvoiceIn(tx, workspaceId, { ...invoice, customerId: created.id }, now, origin);
    }),
  );
}
