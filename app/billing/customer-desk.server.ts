import type { Db } from "#app/platform/db/database.server.ts";
import { recordChange, type Actor } from "./audit.server.ts";
import { customerInput, type CustomerInput } from "./customers.server.ts";
import { NotFoundError } from "./errors.ts";
import { parseInput } from "./validation.ts";

export interface CustomerBalance {
  id: string;
  name: string;
  email: string | null;
  /** What the customer still owes, per currency (open and uncollectible invoices). */
  due: { currency: string; amount: number }[];
  openInvoices: number;
}

/** Customers whose name or email contains `query`, with what each still owes: the vendor's client list. */
export async function customersWithBalances(
  db: Db,
  workspaceId: string,
  query: string,
  take: number,
): Promise<{ customers: CustomerBalance[]; total: number }> {
  const contains = query.trim();
  const where = {
    workspaceId,
    ...(contains ? { OR: [{ name: { contains, mode: "insensitive" as const } }, { email: { contains, mode: "insensitive" as const } }] } : {}),
  };
  const [found, total] = await Promise.all([db.customer.findMany({ where, orderBy: { name: "asc" }, take }), db.customer.count({ where })]);
  const groups = await db.invoice.groupBy({
    by: ["customerId", "currency"],
    where: { workspaceId, customerId: { in: found.map((customer) => customer.id) }, status: { in: ["open", "uncollectible"] } },
    _sum: { total: true, amountPaid: true },
    _count: { _all: true },
    orderBy: [{ customerId: "asc" }, { currency: "asc" }],
  });
  const customers = found.map((customer) => {
    const mine = groups.filter((group) => group.customerId === customer.id);
    return {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      due: mine
        .map((group) => ({ currency: group.currency, amount: (group._sum.total ?? 0) - (group._sum.amountPaid ?? 0) }))
        .filter((owed) => owed.amount > 0),
      openInvoices: mine.reduce((sum, group) => sum + group._count._all, 0),
    };
  });
  return { customers, total };
}

/**
 * Changes a customer's details (name, email, address, tax ID, language, currency), with who did
 * it. Invoices already issued keep the details they were issued with (their printed parties).
 */
export async function updateCustomer(db: Db, workspaceId: string, customerId: string, input: CustomerInput, now: Date, actor?: Actor) {
  const data = parseInput(customerInput, input);
  return db.$transaction(async (tx) => {
    const { count } = await tx.customer.updateMany({ where: { id: customerId, workspaceId }, data });
    if (count === 0) throw new NotFoundError("No such customer in this workspace.");
    if (actor) await recordChange(tx, { workspaceId, customerId, action: "customer_updated", actor, at: now });
    return tx.customer.findUniqueOrThrow({ where: { id: customerId } });
  });
}
