import { NotFoundError } from "#app/billing/errors.ts";
import { findInvoiceByTypedNumber } from "#app/billing/receivables.server.ts";
import type { Deps } from "./support.ts";

/** The invoice a person typed the number of, or a NotFoundError that says what to try. */
export async function invoiceByNumber(deps: Deps, workspaceId: string, typed: string) {
  const invoice = await findInvoiceByTypedNumber(deps.remit.db, workspaceId, typed);
  if (!invoice) throw new NotFoundError(`There is no invoice ${typed.trim()} in this workspace. \`/invoice list\` shows your invoices.`);
  return invoice;
}
