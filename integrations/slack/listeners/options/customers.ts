import type { Middleware, SlackOptionsMiddlewareArgs } from "@slack/bolt";
import { searchCustomers } from "#app/billing/customers.server.ts";
import { option } from "../../blocks/kit.ts";
import { truncate } from "../../format.ts";
import { customerLabel } from "../invoice-modal.ts";
import { waitBudget } from "../../calls.ts";
import { refusal, type Deps, type RemitContext } from "../support.ts";

/** The customer picker of the invoice form: the answer is the ack itself, so it is one quick query. */
export function customerOptions(deps: Deps): Middleware<SlackOptionsMiddlewareArgs<"block_suggestion">, RemitContext> {
  return async ({ ack, options, context, client, body }) => {
    // Names and emails are for the team only: a guest's search finds nothing.
    if (await refusal(() => deps.roles.requireMember(client, body.user.id, waitBudget.beforeAck))) return ack({ options: [] });
    const customers = await searchCustomers(deps.remit.db, context.workspaceId, options.value, 20);
    await ack({ options: customers.map((customer) => option(truncate(customerLabel(customer), 75), customer.id)) });
  };
}
