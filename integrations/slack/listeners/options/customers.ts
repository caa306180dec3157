import type { Middleware, SlackOptionsMiddlewareArgs } from "@slack/bolt";
import { searchCustomers } from "#app/domain/customers.server.ts";
import { option } from "../../blocks/kit.ts";
import { truncate } from "../../format.ts";
import { customerLabel } from "../invoice-modal.ts";
import type { Deps, RemitContext } from "../support.ts";

/** The customer picker of the invoice form: the answer is the ack itself, so it is one quick query. */
export function customerOptions(deps: Deps): Middleware<SlackOptionsMiddlewareArgs<"block_suggestion">, RemitContext> {
  return async ({ ack, options, context }) => {
    const customers = await searchCustomers(deps.remit.db, context.workspaceId, options.value, 20);
    await ack({ options: customers.map((customer) => option(truncate(customerLabel(customer), 75), customer.id)) });
  };
}
