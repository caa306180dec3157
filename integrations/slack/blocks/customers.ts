import type { types } from "@slack/bolt";
import type { CustomerBalance } from "#app/billing/customer-desk.server.ts";
import { escape, money, plural } from "../format.ts";
import { actions, views } from "../ids.ts";
import { button, context, input, plain, section, valueId, type Block } from "./kit.ts";

/** How many customers one `/invoice customers` answer shows (a message holds 50 blocks). */
export const customersShown = 20;

/** `/invoice customers`: each customer with what they owe, and a button to edit their details. */
export function customersMessage(list: { customers: CustomerBalance[]; total: number; query: string; locale: string }): { text: string; blocks: Block[] } {
  const title = `Customers${list.query ? ` matching “${escape(list.query)}”` : ""} (${list.total})`;
  const blocks: Block[] = [section(`*${title}*`)];
  if (!list.customers.length)
    blocks.push(context(list.query ? "No customer matches; try part of the name or email." : "None yet: `/invoice` makes your first."));
  for (const customer of list.customers) {
    const owes = customer.due.length
      ? customer.due.map((owed) => money(owed.amount, owed.currency, list.locale)).join(" + ") + ` due on ${plural(customer.openInvoices, "open invoice")}`
      : "Nothing due";
    const email = customer.email ? ` · ${escape(customer.email)}` : " · no email";
    blocks.push(section(`*${escape(customer.name)}*${email}\n${owes}`, button("Edit", { actionId: actions.editCustomer, value: customer.id })));
  }
  if (list.total > list.customers.length)
    blocks.push(context(`Showing ${list.customers.length} of ${list.total}: \`/invoice customers <part of a name>\` finds the others.`));
  return { text: title, blocks };
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
