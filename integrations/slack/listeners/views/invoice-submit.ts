import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { errorMessage, log } from "#app/config/log.server.ts";
import { ValidationError } from "#app/domain/errors.ts";
import { createInvoiceForNewCustomer } from "#app/domain/invoice-entry.server.ts";
import { createInvoice, type InvoiceWithLines } from "#app/domain/invoices.server.ts";
import { errorsByBlock, readInvoiceForm } from "../../blocks/invoice-form.ts";
import { lineKeys } from "../../blocks/invoice-modal.ts";
import { postInvoiceMessage } from "../../invoice-card.ts";
import type { Deps, RemitContext } from "../support.ts";

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

    const form = readInvoiceForm(view.state.values, keys);
    if (!form.ok) return errors(form.errors);
    const invoiceInput = form.value.invoice;
    let invoice: InvoiceWithLines;
    try {
      invoice = form.value.newCustomer
        ? await createInvoiceForNewCustomer(db, workspaceId, form.value.newCustomer, invoiceInput, now())
        : await createInvoice(db, workspaceId, { ...invoiceInput, customerId: form.value.customerId ?? "" }, now());
    } catch (error) {
      if (error instanceof ValidationError) return errors(errorsByBlock(error.issues, keys));
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
