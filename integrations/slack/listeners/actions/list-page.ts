import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { invoiceViews } from "#app/billing/receivables.server.ts";
import { invoiceList } from "../commands/invoice.ts";
import { answering, replier, type Deps, type RemitContext } from "../support.ts";

const pageValue = z.object({ view: z.enum(invoiceViews), page: z.number().int().min(0) });

/** "Previous" / "Next" under `/invoice list`: the list message is replaced by the other page. */
export function listPage(deps: Deps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, RemitContext> {
  return async ({ ack, body, action, respond, client, context }) => {
    await ack();
    await answering(replier(respond, client, body.user.id), async () => {
      await deps.roles.requireMember(client, body.user.id);
      const { view, page } = pageValue.parse(JSON.parse(action.value ?? "{}"));
      await respond({ response_type: "ephemeral", replace_original: true, ...(await invoiceList(deps, context.workspaceId, view, page)) });
    });
  };
}
