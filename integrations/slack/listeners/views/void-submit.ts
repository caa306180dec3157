import type { webApi } from "@slack/bolt";
import { z } from "zod";
import { IllegalTransitionError } from "#app/billing/errors.ts";
import { getInvoice, voidInvoice } from "#app/billing/invoices.server.ts";
import { canTransition } from "#app/billing/invoice-status.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { limits, valueId } from "../../blocks/kit.ts";
import { voidBlock, voidModal, voidNext } from "../../blocks/void-modal.ts";
import { openView } from "../../calls.ts";
import { fitted, money } from "../../format.ts";
import { prefilledForm } from "../invoice-prefill.ts";
import { carried, formErrors, refusedOnForm, slackActor, type Deps, type ViewListener } from "../support.ts";

const metadata = z.object({ invoiceId: z.string(), channel: z.string().nullable() });

/** Opens the Void form for an invoice that can still be voided; says why not otherwise. */
export async function openVoidModal(
  deps: Deps,
  client: webApi.WebClient,
  target: { triggerId: string; workspaceId: string; invoiceId: string; channel: string | null },
) {
  const [invoice, workspace] = await Promise.all([
    getInvoice(deps.remit.db, target.workspaceId, target.invoiceId),
    getWorkspace(deps.remit.db, target.workspaceId),
  ]);
  if (!canTransition(invoice.status, "void")) {
    throw new IllegalTransitionError(
      invoice.status === "paid"
        ? `Invoice ${invoice.number} is paid, and a paid invoice never changes. To give money back, refund the payment; to bill a difference, make a new invoice (Duplicate).`
        : `Invoice ${invoice.number} is ${invoice.status} and cannot be voided.`,
    );
  }
  const total = money(invoice.total, invoice.currency, workspace.locale);
  await openView(
    client,
    target.triggerId,
    voidModal({
      invoiceId: invoice.id,
      number: invoice.number,
      summary: fitted(limits.contextText - 200, invoice.customer.name, (name) => `${name} will no longer be asked to pay ${total}.`),
      channel: target.channel,
      correctable: invoice.status !== "draft" && invoice.amountPaid === 0,
    }),
  );
}

/**
 * Voids with the reason given, or, when a corrected invoice was asked for, moves on to the
 * invoice form filled like this one: the invoice is voided only when its correction is created
 * (both in one transaction). The message and Notion follow through the outbox.
 */
export function voidSubmit(deps: Deps): ViewListener {
  return async (args) => {
    const { ack, view, context, body } = args;
    const errors = formErrors(ack);
    if (await refusedOnForm(deps, args, "void", voidBlock.reason)) return;
    const target = carried(metadata, view.private_metadata);
    if (!target) return errors({ [voidBlock.reason]: "This form is out of date; press Void again." });
    const values = view.state.values;
    const reason = values[voidBlock.reason]?.[valueId]?.value?.trim() ?? "";
    if (!reason) return errors({ [voidBlock.reason]: "Say why (it is kept with your name in the invoice's history)." });
    const { invoiceId, channel } = target;
    const { workspaceId } = context;
    if (values[voidBlock.next]?.[valueId]?.selected_option?.value === voidNext.correct) {
      return ack({ response_action: "update", view: await prefilledForm(deps, { workspaceId, invoiceId, channel, mode: "correct", reason }) });
    }
    try {
      await voidInvoice(deps.remit.db, workspaceId, invoiceId, deps.remit.now(), slackActor(body.user.id), reason);
    } catch (error) {
      // Voided (or paid) meanwhile, by a double click or someone else: nothing more to do.
      if (!(error instanceof IllegalTransitionError)) throw error;
    }
    await ack();
  };
}
