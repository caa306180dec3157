import { invoiceQuoteRest, withdrawQuote } from "#app/billing/quotes.server.ts";
import { quotePartLabel } from "#app/i18n/quote-words.ts";
import { postInvoiceMessage } from "../invoice-card.ts";
import { invoiceButton } from "../listeners/actions/invoice-buttons.ts";
import { slackActor, type Deps } from "../listeners/support.ts";

/**
 * "Invoice the rest" on an accepted quote's alert: the rest after its deposit, issued and
 * emailed to the client, its message posted where the button was. A second press is refused
 * in words (the domain invoices each part of a quote once).
 */
export const invoiceRestButton = (deps: Deps) =>
  invoiceButton(deps, "issue", async ({ workspaceId, invoiceId: quoteId, reply, body, client }) => {
    const { db, now } = deps.remit;
    const invoice = await invoiceQuoteRest(db, workspaceId, quoteId, now(), quotePartLabel, slackActor(body.user.id));
    await postInvoiceMessage(client, deps.remit, workspaceId, invoice.id, {
      channel: body.channel?.id ?? null,
      userId: body.user.id,
      roleOf: deps.roles.roleOf,
    });
    await reply({ text: `Invoice *${invoice.number}* for the rest of the quote is issued and on its way to the client.` });
  });

/** "Withdraw quote": the client can no longer accept it; their link then says so. */
export const withdrawButton = (deps: Deps) =>
  invoiceButton(deps, "void", async ({ workspaceId, invoiceId: quoteId, reply }) => {
    const quote = await withdrawQuote(deps.remit.db, workspaceId, quoteId, deps.remit.now());
    await reply({ text: `Quote *${quote.number}* is withdrawn: its link now tells the client it can no longer be accepted.` });
  });
