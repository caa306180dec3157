import type { Tx } from "#app/platform/outbox/outbox.server.ts";

/** A document's number in its series: the prefix and the counter, four digits at least (INV-0042, CN-0007). */
export function documentNumber(prefix: string, counter: number): string {
  return `${prefix}${String(counter).padStart(4, "0")}`;
}

/** Each series' counter and prefix on the workspace row. */
const series = {
  invoice: { counter: "lastInvoiceNumber", prefix: "invoicePrefix" },
  quote: { counter: "lastQuoteNumber", prefix: "quotePrefix" },
  creditNote: { counter: "lastCreditNoteNumber", prefix: "creditNotePrefix" },
} as const;

const numberingColumns = {
  lastInvoiceNumber: true,
  invoicePrefix: true,
  lastQuoteNumber: true,
  quotePrefix: true,
  lastCreditNoteNumber: true,
  creditNotePrefix: true,
} as const;

/**
 * The next number of one of the workspace's series (invoices, quotes, credit notes), counted up
 * under the workspace row's lock, held to the end of the transaction: a series has no gaps and
 * no duplicates, even with several instances numbering at once.
 */
export async function takeNumber(tx: Tx, workspaceId: string, kind: keyof typeof series): Promise<string> {
  const { counter, prefix } = series[kind];
  const taken = await tx.workspace.update({ where: { id: workspaceId }, data: { [counter]: { increment: 1 } }, select: numberingColumns });
  return documentNumber(taken[prefix], taken[counter]);
}
