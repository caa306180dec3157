import { z } from "zod";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";
import { NotFoundError } from "./errors.ts";
import { currencyCode, optionalText, parseInput, text } from "./validation.ts";

/** A well-formed language tag this runtime knows; a malformed one ("xx-123456789") is a mistake, not a crash. */
function isSupportedLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

export const customerInput = z.object({
  name: text("Customer name", 200),
  email: z
    .email({ error: "Email must be an address such as billing@example.com" })
    .max(254)
    .nullish()
    .transform((value) => value ?? null),
  address: optionalText("Address", 500),
  taxId: optionalText("Tax / VAT ID", 40),
  locale: z.string().refine(isSupportedLocale, "Locale must be a language tag such as fr-FR").nullish(),
  currency: currencyCode.nullish(),
});

export type CustomerInput = z.input<typeof customerInput>;

/** Takes a transaction client, so a customer can be created with what depends on it (their first invoice) or not at all. */
export async function createCustomer(db: Tx, workspaceId: string, input: CustomerInput) {
  const data = parseInput(customerInput, input);
  return db.customer.create({ data: { ...data, workspaceId } });
}

export async function getCustomer(db: Db, workspaceId: string, customerId: string) {
  const customer = await db.customer.findFirst({ where: { id: customerId, workspaceId } });
  if (!customer) throw new NotFoundError("No such customer in this workspace.");
  return customer;
}

/** Customers whose name or email contains `query` (case-insensitive), for pickers. */
export async function searchCustomers(db: Db, workspaceId: string, query = "", take = 20) {
  const contains = query.trim();
  return db.customer.findMany({
    where: {
      workspaceId,
      ...(contains ? { OR: [{ name: { contains, mode: "insensitive" } }, { email: { contains, mode: "insensitive" } }] } : {}),
    },
    orderBy: { name: "asc" },
    take,
  });
}

/** The vendor stops (or resumes) reminder emails to one client; invoices and receipts still go. */
export async function setCustomerReminders(db: Db, workspaceId: string, customerId: string, on: boolean) {
  const { count } = await db.customer.updateMany({ where: { id: customerId, workspaceId }, data: { emailReminders: on } });
  if (count === 0) throw new NotFoundError("No such customer in this workspace.");
}

/** What a list of a customer's payments shows of each: the vendor's customer card and the client's portal. */
const listedPayment = {
  id: true,
  amount: true,
  amountRefunded: true,
  currency: true,
  method: true,
  paidAt: true,
  createdAt: true,
  receiptNumber: true,
  invoice: { select: { id: true, number: true } },
} satisfies Prisma.PaymentSelect;

/** Payments matching `where`, newest first (by when they were paid, then made), as a list shows them. */
export function listPayments(db: Db, where: Prisma.PaymentWhereInput, window: { skip?: number; take: number }) {
  return db.payment.findMany({ where, select: listedPayment, orderBy: [{ paidAt: "desc" }, { createdAt: "desc" }], ...window });
}
