import { z } from "zod";
import { customerCard, customersWithBalances, emailPortalLink, updateCustomer } from "#app/billing/customer-desk.server.ts";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { getCustomer } from "#app/billing/customers.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { customerBlock, customerCardMessage, customerModal, customersMessage, customersShown } from "../blocks/customers.ts";
import { escape } from "../format.ts";
import { refreshCustomerMessages } from "../invoice-card.ts";
import { openInvoiceModal } from "./invoice-modal.ts";
import { valueId } from "../blocks/kit.ts";
import { openView } from "../calls.ts";
import { carried, errorsOnForm, formErrors, guardedButton, refusedOnForm, slackActor } from "./support.ts";
import type { ButtonListener, Deps, Message, ViewListener } from "./support.ts";

/** `/invoice customers [search]`: the vendor's customers with what each owes; a search that finds one opens their card. */
export async function customerList(deps: Deps, workspaceId: string, query: string): Promise<Message> {
  const [{ customers, total }, workspace] = await Promise.all([
    customersWithBalances(deps.remit.db, workspaceId, query, customersShown),
    getWorkspace(deps.remit.db, workspaceId),
  ]);
  if (query.trim() && total === 1) return customerCardMessage(await customerCard(deps.remit.db, workspace, customers[0]!.id), workspace.locale);
  return customersMessage({ customers, total, query, locale: workspace.locale });
}

/** "Open" next to a customer: their card, to the person alone. */
export const openCustomerCard = (deps: Deps) =>
  guardedButton(deps, "look", async ({ workspaceId, id: customerId, reply }) => {
    const workspace = await getWorkspace(deps.remit.db, workspaceId);
    await reply(customerCardMessage(await customerCard(deps.remit.db, workspace, customerId), workspace.locale));
  });

/** "Email their link" on a customer's card: Remit emails the client a link to all their invoices (decision 083: each press a new email). */
export const emailCustomerLink = (deps: Deps) =>
  guardedButton(deps, "issue", async ({ workspaceId, id: customerId, body, reply }) => {
    const sent = await emailPortalLink(deps.remit.db, workspaceId, customerId, deps.remit.now(), slackActor(body.user.id));
    await reply({
      text: `A link to all their invoices is on its way to ${escape(sent.to)} (${escape(sent.name)}). You asked, so it goes even if one went before.`,
    });
  });

/** "New invoice" on a customer's card: the invoice form, for them. */
export const newInvoiceForCustomer = (deps: Deps) =>
  guardedButton(deps, "create", async ({ workspaceId, id: customerId, body, client }) => {
    await openInvoiceModal(deps, client, {
      triggerId: body.trigger_id,
      workspaceId,
      channel: body.channel?.id ?? null,
      quick: null,
      customerId,
    });
  });

/** "Edit" next to a customer: their details in a form. */
export const editCustomer = (deps: Deps): ButtonListener =>
  guardedButton(deps, "create", async ({ workspaceId, id: customerId, body, client }) => {
    await openView(client, body.trigger_id, customerModal(await getCustomer(deps.remit.db, workspaceId, customerId)));
  });

const metadata = z.object({ customerId: z.string() });
const fieldBlocks: Record<string, string> = {
  name: customerBlock.name,
  email: customerBlock.email,
  address: customerBlock.address,
  taxId: customerBlock.taxId,
  locale: customerBlock.locale,
  currency: customerBlock.currency,
};

/** Saves the customer's details (every mistake at once, next to its field), with who did it. */
export function customerSubmit(deps: Deps): ViewListener {
  return async (args) => {
    const { ack, view, body, client, context } = args;
    const errors = formErrors(ack);
    if (await refusedOnForm(deps, args, "create", customerBlock.name)) return;
    const target = carried(metadata, view.private_metadata);
    if (!target) return errors({ [customerBlock.name]: "This form is out of date; open the customer again." });
    const value = (blockId: string) => view.state.values[blockId]?.[valueId]?.value?.trim() || null;
    let changed;
    try {
      changed = await updateCustomer(
        deps.remit.db,
        context.workspaceId,
        target.customerId,
        {
          name: value(customerBlock.name) ?? "",
          email: value(customerBlock.email),
          address: value(customerBlock.address),
          taxId: value(customerBlock.taxId),
          locale: value(customerBlock.locale),
          currency: value(customerBlock.currency),
        },
        deps.remit.now(),
        slackActor(body.user.id),
      );
    } catch (error) {
      return errors(errorsOnForm(error, customerBlock.name, (field) => fieldBlocks[field] ?? customerBlock.name));
    }
    await ack();
    // The messages of their open invoices show their name and address: redrawn (Notion follows through the outbox).
    if (changed.shown) {
      const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
      await refreshCustomerMessages(client, deps.remit, workspace, target.customerId).catch((error: unknown) =>
        log.error("Could not redraw a customer's invoice messages", { error: errorMessage(error) }),
      );
    }
  };
}
