import type { types, webApi } from "@slack/bolt";
import { addDays, calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { getInvoice } from "#app/billing/invoices.server.ts";
import { formatAmountInput } from "#app/billing/money.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { IllegalTransitionError } from "#app/billing/errors.ts";
import { invoiceModal, type LinePrefill } from "../blocks/invoice-modal.ts";
import { openView } from "../calls.ts";
import { customerLabel } from "./invoice-modal.ts";
import type { Deps } from "./support.ts";

interface Prefill {
  workspaceId: string;
  invoiceId: string;
  /** Where the new invoice's message goes (a duplicate); an edited draft keeps its message. */
  channel: string | null;
  /**
   * "edit" saves the draft itself; "duplicate" makes a new invoice with fresh dates; "correct"
   * makes the corrected invoice that replaces this one (voided with `reason`).
   */
  mode: "edit" | "duplicate" | "correct";
  reason?: string;
}

const quantityText = (thousandths: number) => String(thousandths / 1000);
const percentText = (basisPoints: number) => String(basisPoints / 100);

/**
 * Opens the invoice form filled with an invoice's customer, lines, currency, tax and notes:
 * to edit a draft, or to start a new invoice like it (a client billed the same each month).
 */
export async function openPrefilledForm(deps: Deps, client: webApi.WebClient, prefill: Prefill & { triggerId: string }) {
  await openView(client, prefill.triggerId, await prefilledForm(deps, prefill));
}

/** The invoice form filled like an invoice (see openPrefilledForm). */
export async function prefilledForm(deps: Deps, { workspaceId, invoiceId, channel, mode, reason }: Prefill): Promise<types.ModalView> {
  const [invoice, workspace] = await Promise.all([getInvoice(deps.remit.db, workspaceId, invoiceId), getWorkspace(deps.remit.db, workspaceId)]);
  if (mode === "edit" && invoice.status !== "draft") {
    throw new IllegalTransitionError(`Invoice ${invoice.number} is ${invoice.status}: only a draft can be edited. Void it or duplicate it instead.`);
  }
  const today = calendarDateIn(deps.remit.now(), workspace.timezone);
  const lines: LinePrefill[] = invoice.lines.map((line) => ({
    productName: line.productName,
    description: line.description,
    quantity: quantityText(line.quantityThousandths),
    unitPrice: formatAmountInput(line.unitAmount, invoice.currency, workspace.locale),
    taxRate: line.taxRateBps === invoice.taxRateBps ? null : percentText(line.taxRateBps),
    discount: line.discountBps ? percentText(line.discountBps) : null,
  }));
  const [first, ...moreLines] = lines;
  // A correction is a new document issued today; it keeps the due date the client was given unless that has passed.
  const dueDate = mode === "correct" && invoice.dueDate >= today ? invoice.dueDate : addDays(today, workspace.paymentTermsDays);
  const dates =
    mode === "edit"
      ? { issueDate: formatCalendarDate(invoice.issueDate), dueDate: formatCalendarDate(invoice.dueDate) }
      : { issueDate: formatCalendarDate(today), dueDate: formatCalendarDate(dueDate) };
  return invoiceModal({
    channel,
    customer: { id: invoice.customer.id, label: customerLabel(invoice.customer) },
    newCustomerName: null,
    line: first ?? { productName: null, unitPrice: null },
    moreLines,
    currency: invoice.currency,
    defaultCurrency: workspace.defaultCurrency,
    taxRate: invoice.taxRateBps ? percentText(invoice.taxRateBps) : null,
    discount: invoice.discountBps ? percentText(invoice.discountBps) : null,
    supplyDate: invoice.supplyDate && mode === "edit" ? formatCalendarDate(invoice.supplyDate) : null,
    notes: invoice.notes,
    emailClient: Boolean(invoice.customer.email),
    footer: invoice.footer,
    template: invoice.template ?? workspace.defaultTemplate,
    draft: mode === "edit" ? { id: invoice.id, number: invoice.number } : null,
    replaces: mode === "correct" ? { id: invoice.id, number: invoice.number, reason: reason ?? "" } : null,
    ...dates,
  });
}
