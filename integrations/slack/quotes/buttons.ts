import { IllegalTransitionError } from "#app/billing/errors.ts";
import { invoiceQuoteRest, withdrawQuote } from "#app/billing/quotes.server.ts";
import { quotePartLabel } from "#app/i18n/quote-words.ts";
import { postInvoiceMessage } from "../invoice-card.ts";
import { invoiceButton } from "../listeners/actions/invoice-buttons.ts";
import { slackActor, type Deps } from "../listeners/support.ts";
import { redrawAcceptedAlert, redrawQuoteMessage } from "./alerts.ts";

/**
 * "Invoice the rest" on an accepted quote's alert: the rest after its deposit, issued and
 * emailed to the client, its message posted where the button was, and the alert redrawn
 * without the button. A second press (a stale client, a colleague's screen) is refused in words
 * (the domain invoices each part of a quote once) and removes the button too.
 */
export const invoiceRestButton = (deps: Deps) =>
  invoiceButton(deps, "issue", async ({ workspaceId, invoiceId: quoteId, reply, body, client }) => {
    const { db, now } = deps.remit;
    const channel = body.channel?.id ?? null;
    const redraw = () => redrawAcceptedAlert(client, deps.remit, { workspaceId, quoteId, channel, ts: body.message?.ts ?? null });
    let invoice;
    try {
      invoice = await invoiceQuoteRest(db, workspaceId, quoteId, now(), quotePartLabel, slackActor(body.user.id));
    } catch (error) {
      if (error instanceof IllegalTransitionError) await redraw();
      throw error;
    }
    await redraw();
    await postInvoiceMessage(client, deps.remit, workspaceId, invoice.id, { channel, userId: body.user.id, roleOf: deps.roles.roleOf });
    await reply({ text: `Invoice *${invoice.number}* for the rest of the quote is issued and on its way to the client.` });
  });

/** "Withdraw quote": the client can no longer accept it; their link then says so, and the message loses the button. */
export const withdrawButton = (deps: Deps) =>
  invoiceButton(deps, "void", async ({ workspaceId, invoiceId: quoteId, reply, body, client }) => {
    const where = { workspaceId, quoteId, channel: body.channel?.id ?? null, ts: body.message?.ts ?? null };
    let quote;
    try {
      quote = await withdrawQuote(deps.remit.db, workspaceId, quoteId, deps.remit.now());
    } catch (error) {
      if (error instanceof IllegalTransitionError) await redrawQuoteMessage(client, deps.remit, where);
      throw error;
    }
    await redrawQuoteMessage(client, deps.remit, where);
    await reply({ text: `Quote *${quote.number}* is withdrawn: its link now tells the client it can no longer be accepted.` });
  });
