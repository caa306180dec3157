import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { customersWithBalances, updateCustomer } from "#app/billing/customer-desk.server.ts";
import { getCustomer } from "#app/billing/customers.server.ts";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { customerBlock, customerModal, customersMessage, customersShown } from "../blocks/customers.ts";
import { valueId } from "../blocks/kit.ts";
import { openView, waitBudget } from "../calls.ts";
import { answering, refusal, replier, slackActor, type Deps, type Message, type RemitContext } from "./support.ts";

/** `/invoice customers [search]`: the vendor's customers with what each owes. */
export async function customerList(deps: Deps, workspaceId: string, query: string): Promise<Message> {
  const [{ customers, total }, workspace] = await Promise.all([
    customersWithBalances(deps.remit.db, workspaceId, query, customersShown),
    getWorkspace(deps.remit.db, workspaceId),
  ]);
  return customersMessage({ customers, total, query, locale: workspace.locale });
}

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
    try {
      await updateCustomer(
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
  };
}
