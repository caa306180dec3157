import type { types } from "@slack/bolt";
import { invoiceTemplates } from "#app/billing/invoice-input.ts";
import { truncate } from "../format.ts";
import { actions, customerSelect, views } from "../ids.ts";
import { actionsBlock, button, divider, input, option, plain, section, valueId, type Block } from "./kit.ts";

/** A modal holds at most 100 blocks; each line takes five. */
export const maxModalLines = 15;

export interface InvoiceModalInput {
  /** Where the command was run: the invoice message is posted there. */
  channel: string | null;
  customer: { id: string; label: string } | null;
  newCustomerName: string | null;
  line: { productName: string | null; unitPrice: string | null };
  currency: string | null;
  defaultCurrency: string;
  issueDate: string;
  dueDate: string;
  template: string;
  /** Whether "Email it to the client" starts ticked: yes, unless the customer named has no address. */
  emailClient: boolean;
}

export const block = {
  customer: "customer",
  customerName: "customer_name",
  customerEmail: "customer_email",
  lines: "lines_actions",
  currency: "currency",
  issueDate: "issue_date",
  dueDate: "due_date",
  tax: "tax",
  notes: "notes",
  template: "template",
  emailClient: "email_client",
} as const;

/** The value of the ticked "Email it to the client" box. */
export const emailClientOption = "email";

type LineField = "header" | "product" | "description" | "quantity" | "price";
export const lineBlock = (key: string, field: LineField) => `line_${key}_${field}`;
const lineKeyOf = (blockId: string | undefined) => /^line_(\d+)_/.exec(blockId ?? "")?.[1] ?? null;

function lineHeader(key: string, position: number, count: number): Block {
  const remove = count > 1 ? button("Remove", { actionId: actions.removeLine, value: key }) : undefined;
  return section(`*Line ${position + 1}*`, remove, lineBlock(key, "header"));
}

function lineInputs(key: string, prefill: InvoiceModalInput["line"] | null): Block[] {
  return [
    input({
      blockId: lineBlock(key, "product"),
      label: "Product or service",
      element: { type: "plain_text_input", action_id: valueId, max_length: 200, ...(prefill?.productName ? { initial_value: prefill.productName } : {}) },
    }),
    input({
      blockId: lineBlock(key, "description"),
      label: "Description",
      optional: true,
      element: { type: "plain_text_input", action_id: valueId, multiline: true, max_length: 2000 },
    }),
    input({
      blockId: lineBlock(key, "quantity"),
      label: "Quantity",
      element: { type: "number_input", action_id: valueId, is_decimal_allowed: true, min_value: "0.001", initial_value: "1" },
    }),
    input({
      blockId: lineBlock(key, "price"),
      label: "Unit price",
      hint: "In the invoice's currency, written as you write amounts (your workspace's language).",
      element: { type: "plain_text_input", action_id: valueId, max_length: 50, ...(prefill?.unitPrice ? { initial_value: prefill.unitPrice } : {}) },
    }),
  ];
}

function addLineBlock(count: number): Block {
  return count < maxModalLines
    ? actionsBlock([button("Add line", { actionId: actions.addLine })], block.lines)
    : section(`An invoice made here has at most ${maxModalLines} lines.`, undefined, block.lines);
}

export function invoiceModal(values: InvoiceModalInput): types.ModalView {
  const emailToClient = option("Email it to the client", emailClientOption);
  const templateOptions = invoiceTemplates.map((name) => option(name.charAt(0).toUpperCase() + name.slice(1), name));
  const blocks: Block[] = [
    input({
      blockId: block.customer,
      label: "Customer",
      optional: true,
      hint: "Type to find one of your customers, or fill in a new one below.",
      element: {
        type: "external_select",
        action_id: customerSelect,
        min_query_length: 0,
        placeholder: plain("Find a customer"),
        ...(values.customer ? { initial_option: option(truncate(values.customer.label, 75), values.customer.id) } : {}),
      },
    }),
    input({
      blockId: block.customerName,
      label: "New customer's name",
      optional: true,
      element: { type: "plain_text_input", action_id: valueId, max_length: 200, ...(values.newCustomerName ? { initial_value: values.newCustomerName } : {}) },
    }),
    input({ blockId: block.customerEmail, label: "New customer's email", optional: true, element: { type: "email_text_input", action_id: valueId } }),
    divider,
    lineHeader("0", 0, 1),
    ...lineInputs("0", values.line),
    addLineBlock(1),
    divider,
    input({
      blockId: block.currency,
      label: "Currency",
      optional: true,
      hint: `Leave empty for the customer's currency, else ${values.defaultCurrency}.`,
      element: {
        type: "plain_text_input",
        action_id: valueId,
        max_length: 3,
        placeholder: plain(values.defaultCurrency),
        ...(values.currency ? { initial_value: values.currency } : {}),
      },
    }),
    input({ blockId: block.issueDate, label: "Issue date", element: { type: "datepicker", action_id: valueId, initial_date: values.issueDate } }),
    input({ blockId: block.dueDate, label: "Due date", element: { type: "datepicker", action_id: valueId, initial_date: values.dueDate } }),
    input({
      blockId: block.tax,
      label: "Tax rate (%)",
      optional: true,
      element: { type: "number_input", action_id: valueId, is_decimal_allowed: true, min_value: "0", max_value: "100" },
    }),
    input({ blockId: block.notes, label: "Notes for the client", optional: true, element: { type: "plain_text_input", action_id: valueId, multiline: true, max_length: 2000 } }),
    input({
      blockId: block.template,
      label: "Template",
      element: {
        type: "static_select",
        action_id: valueId,
        options: templateOptions,
        initial_option: templateOptions.find((candidate) => candidate.value === values.template) ?? templateOptions[0],
      },
    }),
    input({
      blockId: block.emailClient,
      label: "Email",
      optional: true,
      hint: "Sends the invoice and its link to the client's address now. Untick to send the link yourself; the invoice message can email it later.",
      element: {
        type: "checkboxes",
        action_id: valueId,
        options: [emailToClient],
        ...(values.emailClient ? { initial_options: [emailToClient] } : {}),
      },
    }),
  ];
  return {
    type: "modal",
    callback_id: views.invoice,
    title: plain("New invoice"),
    submit: plain("Create invoice"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ channel: values.channel }),
    blocks,
  };
}

/** The line keys of a modal, in the order shown. */
export function lineKeys(blocks: readonly { block_id?: string }[]): string[] {
  const keys: string[] = [];
  for (const candidate of blocks) {
    const key = lineKeyOf(candidate.block_id);
    if (key !== null && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * The same modal with another set of lines. Input blocks keep their block ids, so Slack keeps
 * what the person already typed; line headers are redrawn (numbers, Remove buttons).
 */
export function withLines(view: types.ModalView, keys: string[]): types.ModalView {
  const existing = new Map<string, Block[]>();
  for (const candidate of view.blocks as Block[]) {
    const key = lineKeyOf(candidate.block_id);
    if (key !== null && candidate.block_id !== lineBlock(key, "header")) existing.set(key, [...(existing.get(key) ?? []), candidate]);
  }
  const all = view.blocks as Block[];
  const first = all.findIndex((candidate) => lineKeyOf(candidate.block_id) !== null || candidate.block_id === block.lines);
  const head = all.slice(0, first);
  const tail = all.slice(all.findIndex((candidate) => candidate.block_id === block.lines) + 1);
  const lines = keys.flatMap((key, position) => [lineHeader(key, position, keys.length), ...(existing.get(key) ?? lineInputs(key, null))]);
  return { ...view, blocks: [...head, ...lines, addLineBlock(keys.length), ...tail] };
}
