import { IllegalTransitionError } from "#app/billing/errors.ts";
import { discardDraft as discard } from "#app/billing/drafts.server.ts";
import { getInvoice, issueInvoice } from "#app/billing/invoices.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { refreshInvoiceMessage } from "../../invoice-card.ts";
import { openPrefilledForm } from "../invoice-prefill.ts";
import { slackActor, type Deps, type Reply } from "../support.ts";
import { invoiceButton } from "./invoice-buttons.ts";

/** Redraws the invoice's message at once: the person who pressed the button is looking at it. */
async function redraw(deps: Deps, client: Parameters<typeof refreshInvoiceMessage>[0], workspaceId: string, invoiceId: string) {
  const [invoice, workspace] = await Promise.all([getInvoice(deps.remit.db, workspaceId, invoiceId), getWorkspace(deps.remit.db, workspaceId)]);
  await refreshInvoiceMessage(client, deps.remit, invoice, workspace);
  return invoice;
}

/**
 * A second press (a double click, or someone else pressing it meanwhile) finds the draft already
 * issued or discarded: it changes nothing and says where the invoice stands.
 */
async function onceOnly(reply: Reply, deps: Deps, workspaceId: string, invoiceId: string, change: () => Promise<unknown>): Promise<boolean> {
  try {
    await change();
    return true;
  } catch (error) {
    if (!(error instanceof IllegalTransitionError)) throw error;
    const invoice = await getInvoice(deps.remit.db, workspaceId, invoiceId);
    await reply({ text: `Invoice ${invoice.number} is already ${invoice.status === "void" ? "discarded" : "issued"}: nothing changed.` });
    return false;
  }
}

/** "Issue" on a draft: it gets its final form, the client can see and pay it, and is emailed it (through the outbox). */
export const issueDraft = (deps: Deps) =>
  invoiceButton(deps, "issue", async ({ workspaceId, invoiceId, reply, body, client }) => {
    const issued = await onceOnly(reply, deps, workspaceId, invoiceId, () =>
      issueInvoice(deps.remit.db, workspaceId, invoiceId, deps.remit.now(), { actor: slackActor(body.user.id) }),
    );
    if (!issued) return;
    const invoice = await redraw(deps, client, workspaceId, invoiceId);
    await reply({ text: `Invoice ${invoice.number} is issued. Its message shows the link to send.` });
  });

/** "Discard" on a draft: it is voided, so the client never sees it and its number stays accounted for. */
export const discardDraft = (deps: Deps) =>
  invoiceButton(deps, "create", async ({ workspaceId, invoiceId, reply, body, client }) => {
    const discarded = await onceOnly(reply, deps, workspaceId, invoiceId, () =>
      discard(deps.remit.db, workspaceId, invoiceId, deps.remit.now(), slackActor(body.user.id)),
    );
    if (!discarded) return;
    const invoice = await redraw(deps, client, workspaceId, invoiceId);
    await reply({ text: `Draft ${invoice.number} is discarded.` });
  });

/** "Edit" on a draft: the invoice form, filled with the draft, that saves the draft. */
export const editDraft = (deps: Deps) =>
  invoiceButton(deps, "create", async ({ workspaceId, invoiceId, body, client }) => {
    await openPrefilledForm(deps, client, { triggerId: body.trigger_id, workspaceId, invoiceId, channel: null, mode: "edit" });
  });
