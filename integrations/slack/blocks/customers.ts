import type { types } from "@slack/bolt";
import type { CustomerBalance, CustomerCard } from "#app/billing/customer-desk.server.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { day, escape, fitted, money, plural } from "../format.ts";
import { actions, views } from "../ids.ts";
import { actionsBlock, button, context, fields, input, limits, plain, section, valueId, type Block } from "./kit.ts";

/** How many customers one `/invoice customers` answer shows (a message holds 50 blocks). */
export const customersShown = 20;

/** `/invoice customers`: each customer with what they owe, and a button to edit their details. */
export function customersMessage(list: { customers: CustomerBalance[]; total: number; query: string; locale: string }): { text: string; blocks: Block[] } {
  const title = `Customers${list.query ? ` matching “${escape(list.query)}”` : ""} (${list.total})`;
  const blocks: Block[] = [section(`*${title}*`)];
  if (!list.customers.length)
    blocks.push(context(list.query ? "No customer matches; try part of the name or email." : "None yet: `/invoice` makes your first."));
  for (const customer of list.customers) {
    const email = customer.email ? ` · ${escape(customer.email)}` : " · no email";
    blocks.push(
      section(`*${escape(customer.name)}*${email}\n${owesText(customer, list.locale)}`, button("Open", { actionId: actions.customerCard, value: customer.id })),
    );
  }
  if (list.total > list.customers.length)
    blocks.push(context(`Showing ${list.customers.length} of ${list.total}: \`/invoice customers <part of a name>\` finds the others.`));
  return { text: title, blocks };
}

/** "$1,200.00 due on 2 open invoices", or "Nothing due". */
function owesText(customer: Pick<CustomerBalance, "due" | "openInvoices">, locale: string): string {
  if (!customer.due.length) return "Nothing due";
  return customer.due.map((owed) => money(owed.amount, owed.currency, locale)).join(" + ") + ` due on ${plural(customer.openInvoices, "open invoice")}`;
}

const viewWords: Record<CustomerCard["views"]["recent"][number]["kind"], string> = {
  portal_viewed: "Opened their invoices",
  invoice_viewed: "Viewed",
  pdf_downloaded: "Downloaded the PDF of",
  receipt_downloaded: "Downloaded a receipt of",
  payment_started: "Started paying",
  payment_succeeded: "Paid",
  payment_failed: "Failed to pay",
  email_sent: "Emailed",
  reminder_sent: "Reminded of",
  email_failed: "An email failed about",
};

/** A list of a card ("*Invoices* (12, latest 5)"), or what it says when empty. */
function listSection(title: string, count: number, lines: string[], none: string): Block {
  const shown = count > lines.length ? ` (${count}, latest ${lines.length})` : ` (${count})`;
  return section(`*${title}*${shown}\n${lines.length ? lines.join("\n") : none}`);
}

/**
 * A customer's card (`/invoice customers` → Open, or a search finding one): contact details,
 * what they owe, their recent invoices, payments and views with how many of each, how long they
 * take to pay, and buttons to edit their details, email them their link, or start an invoice.
 */
export function customerCardMessage(card: CustomerCard, locale: string): { text: string; blocks: Block[] } {
  const { customer, history } = card;
  const name = escape(customer.name);
  const invoices = card.invoices.recent.map((invoice) => {
    const total = money(invoice.total, invoice.currency, locale);
    const state =
      invoice.status === "open" || invoice.status === "uncollectible"
        ? `${money(balanceDue(invoice), invoice.currency, locale)} due ${day(invoice.dueDate, locale)}`
        : invoice.status === "paid" && invoice.paidAt
          ? `paid ${day(invoice.paidAt, locale)}`
          : invoice.status;
    return `• *${escape(invoice.number)}* · ${total} · ${state}`;
  });
  const payments = card.payments.recent.map((payment) => {
    const refunded = payment.amountRefunded > 0 ? `, ${money(payment.amountRefunded, payment.currency, locale)} refunded` : "";
    const when = day(payment.paidAt ?? payment.createdAt, locale);
    return `• ${money(payment.amount, payment.currency, locale)} by ${escape(payment.method)} on ${when} for *${escape(payment.invoice.number)}*${refunded}`;
  });
  const seen = card.views.recent.map(
    (view) => `• ${viewWords[view.kind]}${view.invoice ? ` *${escape(view.invoice.number)}*` : ""} on ${day(view.createdAt, locale)}`,
  );
  const pace =
    history.averageDaysToPay === null
      ? "No invoice paid yet"
      : `Pays in ${plural(history.averageDaysToPay, "day")} on average (${plural(history.paid, "paid invoice")}${history.paidLate ? `, ${history.paidLate} late` : ""})`;
  const details = [
    `*Email*\n${customer.email ? escape(customer.email) : "none: add one to email invoices"}`,
    `*Address*\n${customer.address ? escape(customer.address) : "none"}`,
    `*Tax / VAT ID*\n${customer.taxId ? escape(customer.taxId) : "none"}`,
    `*Language · currency*\n${customer.locale ? escape(customer.locale) : "the workspace's"} · ${customer.currency ? escape(customer.currency) : "the workspace's"}`,
  ];
  const linkConfirm = customer.email
    ? {
        title: "Email their link?",
        text: fitted(limits.confirmText, customer.email, (to) => `Remit emails ${to} a link to all their invoices. Links sent before keep working.`),
        confirm: "Email the link",
      }
    : undefined;
  return {
    text: `${name}: ${owesText(card, locale)}`,
    blocks: [
      section(`:bust_in_silhouette: *${name}*\n${owesText(card, locale)} · ${pace}`),
      fields(...details),
      listSection("Invoices", card.invoices.count, invoices, "None yet."),
      listSection("Payments", card.payments.count, payments, "None yet."),
      listSection("Views", card.views.count, seen, "They have not opened a link yet."),
      actionsBlock([
        button("Edit details", { actionId: actions.editCustomer, value: customer.id }),
        button("Email their link", { actionId: actions.customerPortalLink, value: customer.id, ...(linkConfirm ? { confirm: linkConfirm } : {}) }),
        button("New invoice", { actionId: actions.customerNewInvoice, value: customer.id, style: "primary" }),
      ]),
    ],
  };
}

export const customerBlock = {
  name: "customer_name",
  email: "customer_email",
  address: "customer_address",
  taxId: "customer_tax_id",
  locale: "customer_locale",
  currency: "customer_currency",
} as const;

export interface CustomerModalInput {
  id: string;
  name: string;
  email: string | null;
  address: string | null;
  taxId: string | null;
  locale: string | null;
  currency: string | null;
}

const initial = (value: string | null) => (value ? { initial_value: value } : {});

/** A customer's details, as the invoices issued from now on print them and their emails use them. */
export function customerModal(customer: CustomerModalInput): types.ModalView {
  const text = (blockId: string, label: string, value: string | null, options: { optional?: boolean; max: number; multiline?: boolean; hint?: string }) =>
    input({
      blockId,
      label,
      optional: options.optional ?? true,
      ...(options.hint ? { hint: options.hint } : {}),
      element: { type: "plain_text_input", action_id: valueId, max_length: options.max, ...(options.multiline ? { multiline: true } : {}), ...initial(value) },
    });
  return {
    type: "modal",
    callback_id: views.customer,
    title: plain("Edit customer"),
    submit: plain("Save"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ customerId: customer.id }),
    blocks: [
      text(customerBlock.name, "Name", customer.name, { optional: false, max: 200 }),
      input({
        blockId: customerBlock.email,
        label: "Email",
        optional: true,
        element: { type: "email_text_input", action_id: valueId, ...initial(customer.email) },
      }),
      text(customerBlock.address, "Address", customer.address, { max: 500, multiline: true }),
      text(customerBlock.taxId, "Tax / VAT ID", customer.taxId, { max: 40 }),
      text(customerBlock.locale, "Language", customer.locale, { max: 35, hint: "A language tag such as fr-FR or de: their portal, emails and PDFs use it." }),
      text(customerBlock.currency, "Currency", customer.currency, { max: 3, hint: "Their new invoices' currency when none is chosen, e.g. EUR." }),
      context("Invoices already issued keep the details they were issued with."),
    ],
  };
}
