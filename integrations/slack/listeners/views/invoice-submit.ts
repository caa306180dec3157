import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { getCustomer } from "#app/billing/customers.server.ts";
import { AlreadyCreatedError, IllegalTransitionError, NotFoundError, ValidationError } from "#app/billing/errors.ts";
import { createInvoiceForNewCustomer, invoiceEntryIssues } from "#app/billing/invoice-entry.server.ts";
import { createInvoice, invoiceCurrency, invoiceFromSource, readUnitPrices, type InvoiceWithLines } from "#app/billing/invoices.server.ts";
import { isKnownCurrency } from "#app/billing/money.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { Permission } from "#app/billing/permissions.ts";
import { errorsByBlock, readInvoiceForm } from "../../blocks/invoice-form.ts";
import { block, formMetadata, lineKeys, type FormMetadata } from "../../blocks/invoice-modal.ts";
import { postInvoiceMessage } from "../../invoice-card.ts";
import { saveDraft } from "../draft-save.ts";
import { formMakesQuote, readDeposit, submitQuote } from "../../quotes/submit.ts";
import { waitBudget } from "../../calls.ts";
import { refusal, slackActor, type Deps, type RemitContext } from "../support.ts";

/** Where the form was opened from (without it the message goes to the person's DMs with the app), and the draft it edits. */
function metadataOf(privateMetadata: string): FormMetadata {
  try {
    return formMetadata.parse(JSON.parse(privateMetadata));
  } catch {
    return { channel: null };
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
    const metadata = metadataOf(view.private_metadata);
    const form = readInvoiceForm(view.state.values, keys);
    // A correction voids the invoice it replaces; a new invoice is created, and issued unless saved as a draft.
    const needed: Permission[] = metadata.replaces ? ["void"] : metadata.draftId || !form.value.invoice.issue ? ["create"] : ["create", "issue"];
    const refused = await refusal(async () => {
      for (const permission of needed) await deps.roles.require(client, body.user.id, workspaceId, permission, waitBudget.beforeAck);
    });
    if (refused) return errors({ [block.customer]: refused });
    // One view makes at most one invoice, however often its submission arrives.
    const origin = { sourceKey: `slack-view:${view.id}`, actor: slackActor(body.user.id), ...(metadata.replaces ? { replaces: metadata.replaces } : {}) };
    if (!metadata.draftId && (await invoiceFromSource(db, workspaceId, origin.sourceKey))) return ack();

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
    // A quote (its "Make" choice, or `/invoice quote`) is made by its own rules (integrations/slack/quotes).
    const quote = !metadata.draftId && !metadata.replaces && formMakesQuote(view.state.values, metadata);
    const deposit = readDeposit(view.state.values, quote);
    if (quote) {
      const formErrors = { ...errorsByBlock(priceIssues, keys), ...form.errors, ...deposit.errors };
      if (Object.keys(formErrors).length) return errors(formErrors);
      const submission = { workspaceId, userId: body.user.id, viewId: view.id, channel: metadata.channel, form: form.value, depositBps: deposit.bps, keys };
      return submitQuote(deps, client, submission, (response) => (response ? errors(response.errors) : ack()));
    }
    // Every mistake at once: the domain's rules on what could be read, then the form's own (which win).
    const found = {
      ...deposit.errors,
      ...errorsByBlock({ ...invoiceEntryIssues(form.value.newCustomer, invoiceInput), ...priceIssues }, keys),
      ...form.errors,
    };
    if (Object.keys(found).length) return errors(found);

    if (metadata.draftId)
      return saveDraft(deps, {
        ack,
        errors: (issues) => errors(errorsByBlock(issues, keys)),
        client,
        userId: body.user.id,
        workspaceId,
        draftId: metadata.draftId,
        form: form.value,
      });

    let invoice: InvoiceWithLines;
    try {
      invoice = form.value.newCustomer
        ? await createInvoiceForNewCustomer(db, workspaceId, form.value.newCustomer, invoiceInput, now(), origin)
        : await createInvoice(db, workspaceId, { ...invoiceInput, customerId: form.value.customerId ?? "" }, now(), origin);
    } catch (error) {
      if (error instanceof ValidationError) return errors(errorsByBlock(error.issues, keys));
      // The same submission again (Slack retried, or it was replayed): the first one made the invoice and its message.
      if (error instanceof AlreadyCreatedError) return ack();
      // The invoice being corrected was paid or voided meanwhile: nothing was created.
      if (error instanceof IllegalTransitionError) return errors({ [block.customer]: error.message });
      throw error;
    }
    await ack();

    try {
      await postInvoiceMessage(client, deps.remit, workspaceId, invoice.id, { channel: metadata.channel, userId: body.user.id, roleOf: deps.roles.roleOf });
    } catch (error) {
      log.error("Could not post the invoice message", { invoice: invoice.number, error: errorMessage(error) });
      await client.chat
        .postMessage({
          channel: body.user.id,
          text: `Invoice ${invoice.number} is created, but Slack did not take its message. \`/invoice status ${invoice.number}\` shows it with its link.`,
        })
        .catch(() => {});
    }
  };
}
