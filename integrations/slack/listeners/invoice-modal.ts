import type { webApi } from "@slack/bolt";
import { addDays, calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { getCustomer, searchCustomers } from "#app/billing/customers.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { invoiceModal } from "../blocks/invoice-modal.ts";
import { openView } from "../calls.ts";
import type { QuickInvoice } from "./commands/parse.ts";
import type { Deps } from "./support.ts";

export function customerLabel(customer: { name: string; email: string | null }): string {
  return customer.email ? `${customer.name} (${customer.email})` : customer.name;
}

/** The customer a person named: the one with exactly that name, else the only one matching. */
export async function findNamedCustomer(deps: Deps, workspaceId: string, name: string) {
  const matches = await searchCustomers(deps.remit.db, workspaceId, name, 10);
  const exact = matches.find((customer) => customer.name.toLowerCase() === name.trim().toLowerCase());
  return { customer: exact ?? (matches.length === 1 ? matches[0]! : null), matches };
}

interface OpenInvoiceModal {
  triggerId: string;
  workspaceId: string;
  channel: string | null;
  quick: QuickInvoice | null;
  /** "quote": the form makes a quote, valid for the workspace's quote validity by default. */
  kind?: "quote";
  /** The customer the form is for (a customer's card "New invoice"). */
  customerId?: string;
}

/** Opens the new invoice form, prefilled with the workspace's terms and whatever the command said. */
export async function openInvoiceModal(deps: Deps, client: webApi.WebClient, { triggerId, workspaceId, channel, quick, kind, customerId }: OpenInvoiceModal) {
  const workspace = await getWorkspace(deps.remit.db, workspaceId);
  const today = calendarDateIn(deps.remit.now(), workspace.timezone);
  const named = customerId
    ? await getCustomer(deps.remit.db, workspaceId, customerId)
    : quick?.customer
      ? (await findNamedCustomer(deps, workspaceId, quick.customer)).customer
      : null;
  const days = kind === "quote" ? workspace.quoteValidityDays : workspace.paymentTermsDays;
  const dueDate = quick?.dueDate ?? formatCalendarDate(addDays(today, quick?.dueInDays ?? days));
  await openView(
    client,
    triggerId,
    invoiceModal({
      channel,
      customer: named ? { id: named.id, label: customerLabel(named) } : null,
      newCustomerName: named ? null : (quick?.customer ?? null),
      line: { productName: quick?.description ?? null, unitPrice: quick?.amount ?? null },
      currency: quick?.currency ?? (customerId ? (named?.currency ?? null) : null),
      defaultCurrency: workspace.defaultCurrency,
      issueDate: formatCalendarDate(today),
      dueDate,
      template: workspace.defaultTemplate,
      emailClient: named ? Boolean(named.email) : true,
      ...(kind ? { kind } : {}),
    }),
  );
}
