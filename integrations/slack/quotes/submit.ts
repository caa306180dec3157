import type { webApi } from "@slack/bolt";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { ValidationError } from "#app/billing/errors.ts";
import { createCustomer, customerInput } from "#app/billing/customers.server.ts";
import { parseInput } from "#app/billing/validation.ts";
import { createQuote, createQuoteIn, quoteEntryIssues, quoteFromSource, type QuoteWithLines } from "#app/billing/quotes.server.ts";
import type { CreateQuoteInput } from "#app/billing/quote-input.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { InvoiceForm } from "../blocks/invoice-form.ts";
import { errorsByBlock, type readInvoiceForm } from "../blocks/invoice-form.ts";
import { block, documentKinds } from "../blocks/invoice-modal.ts";
import { cannotPostIn } from "../errors.ts";
import { audienceWords, channelAudience } from "../audience.ts";
import { context, valueId } from "../blocks/kit.ts";
import type { Deps } from "../listeners/support.ts";
import { loadQuoteCard } from "./alerts.ts";
import { quoteMessage } from "./message.ts";

/** The quote's own fields' mistakes as the modal's blocks (the validity date is the due date's picker). */
function quoteErrorsByBlock(issues: Record<string, string>, keys: string[]): Record<string, string> {
  const { validUntil, depositBps, ...rest } = issues;
  return {
    ...errorsByBlock(rest, keys),
    ...(validUntil ? { [block.dueDate]: validUntil } : {}),
    ...(depositBps ? { [block.deposit]: depositBps } : {}),
  };
}

/** A new customer's mistakes, by "customer.<field>" as the invoice form reads them. */
function customerIssues(customer: NonNullable<InvoiceForm["newCustomer"]>): Record<string, string> {
  try {
    parseInput(customerInput, customer);
    return {};
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return Object.fromEntries(Object.entries(error.issues).map(([field, message]) => [`customer.${field}`, message]));
  }
}

interface QuoteSubmission {
  workspaceId: string;
  userId: string;
  viewId: string;
  channel: string | null;
  form: InvoiceForm;
  depositBps: number | undefined;
  keys: string[];
}

/**
 * Makes a quote from the invoice form (its "Quote" choice, or `/invoice quote`): the form's
 * mistakes by block (`response_action: errors`), or the quote, sent unless saved as a draft,
 * and its message with the client's link. One view makes at most one quote.
 */
export async function submitQuote(
  deps: Deps,
  client: webApi.WebClient,
  submission: QuoteSubmission,
  ack: (response?: { response_action: "errors"; errors: Record<string, string> }) => Promise<void>,
): Promise<void> {
  const { db, now } = deps.remit;
  const { workspaceId, form, keys } = submission;
  const sourceKey = `slack-view:${submission.viewId}`;
  if (await quoteFromSource(db, workspaceId, sourceKey)) return ack();
  const { dueDate, issue, emailClient, ...content } = form.invoice;
  const input: Omit<CreateQuoteInput, "customerId"> = { ...content, validUntil: dueDate, send: issue, emailClient, depositBps: submission.depositBps };
  const issues = {
    ...(form.newCustomer ? customerIssues(form.newCustomer) : {}),
    ...quoteEntryIssues({ ...input, customerId: form.customerId ?? "checked-separately" }),
  };
  if (Object.keys(issues).length) return ack({ response_action: "errors", errors: quoteErrorsByBlock(issues, keys) });
  let quote: QuoteWithLines;
  try {
    const newCustomer = form.newCustomer;
    quote = newCustomer
      ? await db.$transaction(async (tx) => {
          const customer = await createCustomer(tx, workspaceId, newCustomer);
          return createQuoteIn(tx, workspaceId, { ...input, customerId: customer.id }, now(), { sourceKey });
        })
      : await createQuote(db, workspaceId, { ...input, customerId: form.customerId ?? "" }, now(), { sourceKey });
  } catch (error) {
    if (error instanceof ValidationError) return ack({ response_action: "errors", errors: quoteErrorsByBlock(error.issues, keys) });
    throw error;
  }
  await ack();
  await postQuoteMessage(deps, client, workspaceId, quote.id, { channel: submission.channel, userId: submission.userId });
}

/** Posts the quote's message where the form was opened, else (or when the app is not in that channel) to the person. */
export async function postQuoteMessage(
  deps: Deps,
  client: webApi.WebClient,
  workspaceId: string,
  quoteId: string,
  target: { channel: string | null; userId: string },
) {
  const workspace = await getWorkspace(deps.remit.db, workspaceId);
  const { card } = await loadQuoteCard(deps.remit, workspaceId, quoteId, workspace.locale);
  const message = quoteMessage(card);
  const post = (channel: string, note?: string) =>
    client.chat.postMessage({ channel, unfurl_links: false, unfurl_media: false, ...message, ...(note ? { blocks: [...message.blocks, context(note)] } : {}) });
  try {
    try {
      // The quote's message shows the client's link: where others than the team could read it, it goes to the person alone (docs/decisions/154).
      const audience =
        target.channel && card.url && !target.channel.startsWith("D") ? await channelAudience(client, target.channel, deps.roles.roleOf) : "team";
      if (audience !== "team" && target.channel)
        await post(target.userId, `Sent to you rather than posted: ${audienceWords(audience, target.channel)}, and this message shows the client's link.`);
      else await post(target.channel ?? target.userId);
    } catch (error) {
      if (!target.channel || !cannotPostIn(error)) throw error;
      await post(target.userId);
    }
  } catch (error) {
    log.error("Could not post the quote message", { quote: card.number, error: errorMessage(error) });
  }
}

type Values = Parameters<typeof readInvoiceForm>[0];

/** Whether the form makes a quote: opened as one, or "Quote" chosen under Make. */
export function formMakesQuote(values: Values, opened: { kind?: "quote" }): boolean {
  return opened.kind === "quote" || values[block.document]?.[valueId]?.selected_option?.value === documentKinds.quote;
}

/** The deposit share typed in percent, in basis points; a mistake by block. */
export function readDeposit(values: Values, quote: boolean): { bps: number | undefined; errors: Record<string, string> } {
  const typed = values[block.deposit]?.[valueId]?.value?.trim();
  if (!typed) return { bps: undefined, errors: {} };
  if (!quote) return { bps: undefined, errors: { [block.deposit]: "A deposit is taken on a quote: choose Quote under Make, or leave it empty." } };
  if (!/^\d+(\.\d{1,2})?$/.test(typed)) return { bps: undefined, errors: { [block.deposit]: "Deposit is a percentage such as 30 or 12.5." } };
  return { bps: Math.round(Number(typed) * 100), errors: {} };
}
