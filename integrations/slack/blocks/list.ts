import type { InvoiceView } from "#app/billing/receivables.server.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { daysBetween } from "#app/platform/calendar.ts";
import { day, escape, money, plural } from "../format.ts";
import { actions } from "../ids.ts";
import { actionsBlock, button, context, section, type Block, type Button } from "./kit.ts";
import { draftButtons, type InvoiceFigures } from "./invoice-message.ts";
import type { PreviewLinks } from "../links.ts";

export const listPageSize = 10;

export interface ListInput {
  view: InvoiceView;
  /** What the list was searched for (a customer or a number), if anything. */
  query?: string;
  page: number;
  pages: number;
  total: number;
  locale: string;
  today: Date;
  invoices: (InvoiceFigures & { customer: { name: string } })[];
  /** The vendor's preview links of each draft on the page, by invoice id: drafts get their buttons in the list. */
  previews?: Map<string, PreviewLinks>;
}

const titles: Record<InvoiceView, string> = { open: "Open invoices", overdue: "Overdue invoices", paid: "Paid invoices", draft: "Drafts", all: "Invoices" };

/** `/invoice list`: one page of invoices, with buttons to the pages around it. */
export function listMessage(list: ListInput): { text: string; blocks: Block[] } {
  const { locale } = list;
  const title = `${titles[list.view]}${list.query ? ` matching “${escape(list.query)}”` : ""} (${list.total})`;
  const blocks: Block[] = [section(`*${title}*${list.pages > 1 ? ` · page ${list.page + 1} of ${list.pages}` : ""}`)];
  if (!list.invoices.length) blocks.push(context(list.view === "overdue" ? "No invoice is late. :tada:" : "None yet."));
  for (const invoice of list.invoices) {
    const late = daysBetween(invoice.dueDate, list.today);
    const state =
      invoice.status === "paid"
        ? `paid ${invoice.paidAt ? day(invoice.paidAt, locale) : ""}`.trim()
        : invoice.status === "void" || invoice.status === "draft"
          ? invoice.status
          : `${money(balanceDue(invoice), invoice.currency, locale)} due ${day(invoice.dueDate, locale)}${late > 0 ? `, ${plural(late, "day")} late` : ""}`;
    blocks.push(section(`*${invoice.number}* · ${escape(invoice.customer.name)} · ${money(invoice.total, invoice.currency, locale)}\n${state}`));
    const preview = invoice.status === "draft" ? list.previews?.get(invoice.id) : undefined;
    if (preview) blocks.push(actionsBlock(draftButtons(invoice, invoice.customer.name, preview), `draft_${invoice.id}`));
  }
  const pager: Button[] = [];
  const to = (page: number) => JSON.stringify({ view: list.view, page, ...(list.query ? { query: list.query } : {}) });
  if (list.page > 0) pager.push(button("Previous", { actionId: actions.listPage, value: to(list.page - 1) }));
  if (list.page + 1 < list.pages) pager.push(button("Next", { actionId: actions.listPage, value: to(list.page + 1) }));
  if (pager.length) blocks.push(actionsBlock(pager));
  return { text: title, blocks };
}
