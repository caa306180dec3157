import type { types } from "@slack/bolt";
import { invoiceTemplates } from "#app/billing/invoice-input.ts";
import { truncate } from "../format.ts";
import { actions, customerSelect, views } from "../ids.ts";
import { z } from "zod";
import { actionsBlock, button, divider, input, limits, option, plain, section, valueId, type Block } from "./kit.ts";

/** A modal holds at most 100 blocks; each line takes seven, the rest of the form nineteen (with the quote's two). */
export const maxModalLines = 11;

export interface InvoiceModalInput {
  /** Where the command was run: the invoice message is posted there. */
  channel: string | null;
  customer: { id: string; label: string } | null;
  newCustomerName: string | null;
  line: LinePrefill;
  /** Further lines (a duplicated invoice or an edited draft has several). */
  moreLines?: LinePrefill[];
  taxRate?: string | null;
  /** The discount on the whole invoice, in percent. */
  discount?: string | null;
  supplyDate?: string | null;
  notes?: string | null;
  footer?: string | null;
  /** The draft this form edits: it saves the draft instead of creating an invoice. */
  draft?: { id: string; number: string } | null;
  /** The issued invoice this form corrects: it is voided, with the reason, when this one is created. */
  replaces?: { id: string; number: string; reason: string } | null;
  currency: string | null;
  defaultCurrency: string;
  issueDate: string;
  dueDate: string;
  template: string;
  /** Whether "Email it to the client" starts ticked: yes, unless the customer named has no address. */
  emailClient: boolean;
  /** "quote": the form makes a quote (`/invoice quote`): its due date is the last valid day, with a deposit share. */
  kind?: "invoice" | "quote";
}

export const block = {
  customer: "customer",
  customerName: "customer_name",
  customerEmail: "customer_email",
  customerAddress: "customer_address",
  lines: "lines_actions",
  currency: "currency",
  issueDate: "issue_date",
  dueDate: "due_date",
  tax: "tax",
  discount: "discount",
  supplyDate: "supply_date",
  notes: "notes",
  footer: "footer",
  template: "template",
  saveAs: "save_as",
  emailClient: "email_client",
  // Quotes (integrations/slack/quotes): what the new form makes, and a quote's deposit share.
  document: "document_kind",
  deposit: "quote_deposit",
} as const;

/** The values of the new form's "Make" choice. */
export const documentKinds = { invoice: "invoice", quote: "quote" } as const;

/** The value of the ticked "Email it to the client" box. */
export const emailClientOption = "email";

/** What a line shows when the form opens; prices as the vendor writes amounts. */
export interface LinePrefill {
  productName: string | null;
  unitPrice: string | null;
  description?: string | null;
  quantity?: string | null;
  /** This line's own tax rate and discount, in percent. */
  taxRate?: string | null;
  discount?: string | null;
}

/** What the form's private metadata carries: where to post, and the draft it edits. */
export const formMetadata = z.object({
  channel: z.string().nullable(),
  draftId: z.string().optional(),
  replaces: z.object({ invoiceId: z.string(), reason: z.string() }).optional(),
  /** Opened as a quote's form (`/invoice quote`). */
  kind: z.literal("quote").optional(),
});
export type FormMetadata = z.infer<typeof formMetadata>;

/** The form's "save as draft" checkbox value. */
export const saveAsDraft = "draft";

type LineField = "header" | "product" | "description" | "quantity" | "price" | "tax" | "discount";
export const lineBlock = (key: string, field: LineField) => `line_${key}_${field}`;
const lineKeyOf = (blockId: string | undefined) => /^line_(\d+)_/.exec(blockId ?? "")?.[1] ?? null;

function lineHeader(key: string, position: number, count: number): Block {
  const remove = count > 1 ? button("Remove", { actionId: actions.removeLine, value: key }) : undefined;
  return section(`*Line ${position + 1}*`, remove, lineBlock(key, "header"));
}

const percentElement = { type: "number_input", action_id: valueId, is_decimal_allowed: true, min_value: "0", max_value: "100" } as const;
const percentInput = (initial: string | null | undefined) => ({ ...percentElement, ...(initial ? { initial_value: initial } : {}) });

function lineInputs(key: string, prefill: LinePrefill | null): Block[] {
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
      element: {
        type: "plain_text_input",
        action_id: valueId,
        multiline: true,
        max_length: 2000,
        ...(prefill?.description ? { initial_value: prefill.description } : {}),
      },
    }),
    input({
      blockId: lineBlock(key, "quantity"),
      label: "Quantity",
      element: { type: "number_input", action_id: valueId, is_decimal_allowed: true, min_value: "0.001", initial_value: prefill?.quantity ?? "1" },
    }),
    input({
      blockId: lineBlock(key, "price"),
      label: "Unit price",
      hint: "In the invoice's currency, written as you write amounts (your workspace's language).",
      element: { type: "plain_text_input", action_id: valueId, max_length: 50, ...(prefill?.unitPrice ? { initial_value: prefill.unitPrice } : {}) },
    }),
    input({
      blockId: lineBlock(key, "tax"),
      label: "Tax rate of this line (%)",
      optional: true,
      hint: "Leave empty for the invoice's tax rate below.",
      element: percentInput(prefill?.taxRate),
    }),
    input({ blockId: lineBlock(key, "discount"), label: "Discount on this line (%)", optional: true, element: percentInput(prefill?.discount) }),
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
  const lines = [values.line, ...(values.moreLines ?? [])].slice(0, maxModalLines);
  const draftOption = option("Save as a draft: preview it, then issue it from its message", saveAsDraft);
  const quote = values.kind === "quote";
  const fresh = !values.draft && !values.replaces;
  const makeOptions = [option("Invoice", documentKinds.invoice), option("Quote: the client accepts it first", documentKinds.quote)];
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
    input({
      blockId: block.customerAddress,
      label: "New customer's address",
      optional: true,
      hint: "Printed on their invoices, as most tax rules ask.",
      element: { type: "plain_text_input", action_id: valueId, multiline: true, max_length: 500 },
    }),
    divider,
    ...lines.flatMap((line, position) => [lineHeader(String(position), position, lines.length), ...lineInputs(String(position), line)]),
    addLineBlock(lines.length),
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
    input({
      blockId: block.dueDate,
      label: quote ? "Valid until" : "Due date",
      ...(quote ? { hint: "The last day the client can accept the quote." } : {}),
      element: { type: "datepicker", action_id: valueId, initial_date: values.dueDate },
    }),
    input({
      blockId: block.supplyDate,
      label: "Date of supply",
      optional: true,
      hint: "When the goods or services were supplied, if not on the issue date.",
      element: { type: "datepicker", action_id: valueId, ...(values.supplyDate ? { initial_date: values.supplyDate } : {}) },
    }),
    input({ blockId: block.tax, label: "Tax rate (%)", optional: true, element: percentInput(values.taxRate) }),
    input({ blockId: block.discount, label: "Discount on the whole invoice (%)", optional: true, element: percentInput(values.discount) }),
    input({
      blockId: block.notes,
      label: "Notes for the client",
      optional: true,
      element: { type: "plain_text_input", action_id: valueId, multiline: true, max_length: 2000, ...(values.notes ? { initial_value: values.notes } : {}) },
    }),
    input({
      blockId: block.footer,
      label: "Footer",
      optional: true,
      hint: "Printed at the foot of the invoice: legal wording, terms, thanks.",
      element: { type: "plain_text_input", action_id: valueId, multiline: true, max_length: 1000, ...(values.footer ? { initial_value: values.footer } : {}) },
    }),
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
    ...(fresh && !quote
      ? [
          input({
            blockId: block.document,
            label: "Make",
            optional: true,
            hint: "For a quote, the due date is the last day the client can accept it.",
            element: { type: "radio_buttons", action_id: valueId, options: makeOptions, initial_option: makeOptions[0] },
          }),
        ]
      : []),
    ...(fresh
      ? [
          input({
            blockId: block.deposit,
            label: "Deposit on acceptance (%)",
            optional: true,
            hint: "Quotes only: this share is invoiced when the client accepts; the rest later, from Slack.",
            element: { ...percentElement, max_value: "99" },
          }),
        ]
      : []),
    ...(values.draft || values.replaces
      ? []
      : [input({ blockId: block.saveAs, label: "Draft", optional: true, element: { type: "checkboxes", action_id: valueId, options: [draftOption] } })]),
  ];
  const metadata: FormMetadata = {
    channel: values.channel,
    ...(values.draft ? { draftId: values.draft.id } : {}),
    ...(values.replaces ? { replaces: { invoiceId: values.replaces.id, reason: values.replaces.reason } } : {}),
    ...(quote ? { kind: "quote" as const } : {}),
  };
  const title = values.draft
    ? `Edit draft ${values.draft.number}`
    : values.replaces
      ? `Correct ${values.replaces.number}`
      : quote
        ? "New quote"
        : "New invoice";
  return {
    type: "modal",
    callback_id: views.invoice,
    title: plain(title, limits.viewTitle),
    submit: plain(values.draft ? "Save draft" : values.replaces ? "Issue correction" : quote ? "Create quote" : "Create invoice", limits.viewTitle),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(metadata),
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
