import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { customerCard, customersWithBalances, emailPortalLink, updateCustomer } from "#app/billing/customer-desk.server.ts";
import type { Permission } from "#app/billing/permissions.ts";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { getCustomer } from "#app/billing/customers.server.ts";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { customerBlock, customerCardMessage, customerModal, customersMessage, customersShown } from "../blocks/customers.ts";
import { escape } from "../format.ts";
import { refreshCustomerMessages } from "../invoice-card.ts";
import { openInvoiceModal } from "./invoice-modal.ts";
import { valueId } from "../blocks/kit.ts";
import { openView, waitBudget } from "../calls.ts";
import { answering, refusal, replier, slackActor, type Deps, type Message, type RemitContext, type Reply } from "./support.ts";

/** `/invoice customers [search]`: the vendor's customers with what each owes; a search that finds one opens their card. */
export async function customerList(deps: Deps, workspaceId: string, query: string): Promise<Message> {
  const [{ customers, total }, workspace] = await Promise.all([
    customersWithBalances(deps.remit.db, workspaceId, query, customersShown),
    getWorkspace(deps.remit.db, workspaceId),
  ]);
  if (query.trim() && total === 1) return customerCardMessage(await customerCard(deps.remit.db, workspace, customers[0]!.id), workspace.locale);
  return customersMessage({ customers, total, query, locale: workspace.locale });
}

type CustomerButton = Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, RemitContext>;

/** A button about one customer (their id in the value): ack, check the person may do `permission` (or look), then act. */
function customerButton(
  deps: Deps,
  permission: Permission | "look",
  act: (args: Parameters<CustomerButton>[0] & { customerId: string; reply: Reply }) => Promise<unknown>,
): CustomerButton {
  return async (args) => {
    await args.ack();
    const { body, client, context } = args;
    const reply = replier(body.response_url ? args.respond : undefined, client, body.user.id);
    await answering(reply, async () => {
      if (permission === "look") await deps.roles.requireMember(client, body.user.id);
      else await deps.roles.require(client, body.user.id, context.workspaceId, permission);
      await act({ ...args, customerId: args.action.value ?? "", reply });
    });
  };
}

/** "Open" next to a customer: their card, to the person alone. */
export const openCustomerCard = (deps: Deps) =>
  customerButton(deps, "look", async ({ context, customerId, reply }) => {
    const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
    await reply(customerCardMessage(await customerCard(deps.remit.db, workspace, customerId), workspace.locale));
  });

/** "Email their link" on a customer's card: Remit emails the client a link to all their invoices (decision 083: each press a new email). */
export const emailCustomerLink = (deps: Deps) =>
  customerButton(deps, "issue", async ({ context, customerId, body, reply }) => {
    const sent = await emailPortalLink(deps.remit.db, context.workspaceId, customerId, deps.remit.now(), slackActor(body.user.id));
    await reply({
      text: `A link to all their invoices is on its way to ${escape(sent.to)} (${escape(sent.name)}). You asked, so it goes even if one went before.`,
    });
  });

/** "New invoice" on a customer's card: the invoice form, for them. */
export const newInvoiceForCustomer = (deps: Deps) =>
  customerButton(deps, "create", async ({ context, customerId, body, client }) => {
    await openInvoiceModal(deps, client, {
      triggerId: body.trigger_id,
      workspaceId: context.workspaceId,
      channel: body.channel?.id ?? null,
      quick: null,
      customerId,
    });
  });

/** "Edit" next to a customer: their details in a form. */
export function editCustomer(deps: Deps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, RemitContext> {
  return async ({ ack, body, action, client, context, respond }) => {
    await ack();
    await answering(replier(body.response_url ? respond : undefined, client, body.user.id), async () => {
      await deps.roles.require(client, body.user.id, context.workspaceId, "create");
      await openView(client, body.trigger_id, customerModal(await getCustomer(deps.remit.db, context.workspaceId, action.value ?? "")));
    });
  };
}

const metadata = z.object({ customerId: z.string() });
const fieldBlocks: Record<string, string> = {
  name: customerBlock.name,
  email: customerBlock.email,
  address: customerBlock.address,
  taxId: customerBlock.taxId,
  locale: customerBlock.locale,
  currency: customerBlock.currency,
};

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return null;
  }
}

/** Saves the customer's details (every mistake at once, next to its field), with who did it. */
export function customerSubmit(deps: Deps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>, RemitContext> {
  return async ({ ack, view, body, client, context }) => {
    const errors = (found: Record<string, string>) => ack({ response_action: "errors", errors: found });
    const refused = await refusal(() => deps.roles.require(client, body.user.id, context.workspaceId, "create", waitBudget.beforeAck));
    if (refused) return errors({ [customerBlock.name]: refused });
    const target = metadata.safeParse(safeJson(view.private_metadata));
    if (!target.success) return errors({ [customerBlock.name]: "This form is out of date; open the customer again." });
    const value = (blockId: string) => view.state.values[blockId]?.[valueId]?.value?.trim() || null;
    let changed;
    try {
      changed = await updateCustomer(
        deps.remit.db,
        context.workspaceId,
        target.data.customerId,
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
      if (error instanceof ValidationError)
        return errors(Object.fromEntries(Object.entries(error.issues).map(([field, message]) => [fieldBlocks[field] ?? customerBlock.name, message])));
      if (error instanceof DomainError) return errors({ [customerBlock.name]: error.message });
      throw error;
    }
    await ack();
    // The messages of their open invoices show their name and address: redrawn (Notion follows through the outbox).
    if (changed.shown) {
      const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
      await refreshCustomerMessages(client, deps.remit, workspace, target.data.customerId).catch((error: unknown) =>
        log.error("Could not redraw a customer's invoice messages", { error: errorMessage(error) }),
      );
    }
  };
}
