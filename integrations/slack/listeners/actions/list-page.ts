import { z } from "zod";
import { invoiceViews } from "#app/billing/receivables.server.ts";
import { invoiceList } from "../commands/invoice.ts";
import { guardedButton, type Deps } from "../support.ts";

const pageValue = z.object({ view: z.enum(invoiceViews), page: z.number().int().min(0), query: z.string().max(100).optional() });

/** "Previous" / "Next" under `/invoice list`: the list message is replaced by the other page. */
export const listPage = (deps: Deps) =>
  guardedButton(deps, "look", async ({ workspaceId, id, respond }) => {
    const { view, page, query } = pageValue.parse(JSON.parse(id || "{}"));
    await respond({ response_type: "ephemeral", replace_original: true, ...(await invoiceList(deps, workspaceId, view, page, query)) });
  });
