import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { getCustomer } from "#app/billing/customers.server.ts";
import { AlreadyCreatedError, NotFoundError, ValidationError } from "#app/billing/errors.ts";
import { createInvoiceForNewCustomer, invoiceEntryIssues } from "#app/billing/invoice-entry.server.ts";
import { createInvoice, invoiceCurrency, invoiceFromSource, readUnitPrices, type InvoiceWithLines } from "#app/billing/invoices.server.ts";
import { isKnownCurrency } from "#app/billing/money.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { errorsByBlock, readInvoiceForm } from "../../blocks/invoice-form.ts";
import { block, lineKeys } from "../../blocks/invoice-modal.ts";
import { postInvoiceMessage } from "../../invoice-card.ts";
import { waitBudget } from "../../calls.ts";
import { refusal, slackActor, type Deps, type RemitContext } from "../support.ts";

const metadata = z.object({ channel: z.string().nullable() });

/** Where the form was opened from; without it the message goes to the person's DMs with the app. */
function channelOf(privateMetadata: string): string | null {
  try {
    return metadata.parse(JSON.parse(privateMetadata)).channel;
  } catch {
    return null;
  }
}

type Submission = SlackViewMiddlewareArgs<ViewSubmitAction>;

/**
 * Creates and issues the invoice, or answers with the mistakes next to their fields
 * (`response_action: errors`) and creates nothing. The invoice message is posted after the ack.
 */
export function invoiceSubmit(deps: Deps): Middleware<Submission, RemitContext> {
  return async ({ ack, body, view, client, context }) => {
    const { db, now } = deps.remit;
    const { workspaceId } = context;
    const keys = lineKeys(view.blocks);
    const errors = (found: Record<string, string>) => ack({ response_action: "errors", errors: found });
    const refused = await refusal(() => deps.roles.requireMember(client, body.user.id, waitBudget.beforeAck));
    if (refused) return errors({ [block.customer]: refused });
    // One view makes at most one invoice, however often its submission arrives.
    const origin = { sourceKey: `slack-view:${view.id}`, actor: slackActor(body.user.id) };
    if (await invoiceFromSource(db, workspaceId, origin.sourceKey)) return ack();

    const form = readInvoiceForm(view.state.values, keys);
    const workspace = await getWorkspace(db, workspaceId);
    let customer: { currency: string | null } = { currency: null };
    if (form.value.customerId) {
      try {
        customer = await getCustomer(db, workspaceId, form.value.customerId);
      } catch (error) {
        if (error instanceof NotFoundError) return errors({ [block.customer]: "That customer no longer exists; pick another." });
        throw error;
      }
    }
    const invoiceInput = form.value.invoice;
    // Prices are read by the domain's rules, in the invoice's currency and the vendor's locale; an
    // unknown currency is the currency field's mistake (the domain names it), so prices wait for it.
    const currency = invoiceCurrency(invoiceInput.currency, customer, workspace);
    const priceIssues = isKnownCurrency(currency) ? readUnitPrices(invoiceInput.lines, currency, workspace.locale).issues : {};
    // Every mistake at once: the domain's rules on what could be read, then the form's own (which win).
    const found = { ...errorsByBlock({ ...invoiceEntryIssues(form.value.newCustomer, invoiceInput), ...priceIssues }, keys), ...form.errors };
    if (Object.keys(found).length) return errors(found);

    let invoice: InvoiceWithLines;
    try {
      invoice = form.value.newCustomer
        ? await createInvoiceForNewCustomer(db, workspaceId, form.value.newCustomer, invoiceInput, now(), origin)
        : await createInvoice(db, workspaceId, { ...invoiceInput, customerId: form.value.customerId ?? "" }, now(), origin);
    } catch (error) {
      if (error instanceof ValidationError) return errors(errorsByBlock(error.issues, keys));
      // The same submission again (Slack retried, or it was replayed): the first one made the invoice and its message.
      if (error instanceof AlreadyCreatedError) return ack();
      throw error;
    }
    await ack();

    try {
      await postInvoiceMessage(client, deps.remit, workspaceId, invoice.id, { channel: channelOf(view.private_metadata), userId: body.user.id });
    } catch (error) {
      log.error("Could not post the invoice message", { invoice: invoice.number, error: errorMessage(error) });
      await client.chat
        .postMessage({ channel: body.user.id, text: `Invoice ${invoice.number} is created, but Slack did not take its message. \`/invoice status ${invoice.number}\` shows it with its link.` })
        .catch(() => {});
    }
  };
}
