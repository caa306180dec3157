import type { ActionFunctionArgs } from "@remix-run/node";
import { isbot } from "isbot";
import { z } from "zod";
import { recordView } from "#app/portal/activity.server.ts";
import { getPortalInvoice } from "#app/portal/read-models.server.ts";
import { notFound, requirePortalAccess, tooManyAttempts } from "#app/web/guard.server.ts";

const beacon = z.object({ invoiceId: z.string().min(1).max(64).nullable() });

/**
 * The page-shown beacon: 204 when counted (or coalesced with a view just before, or ignored as
 * a bot), 400 on a malformed body, 429 past 60 beacons in 10 minutes from one client's links.
 */
export async function action({ context, params, request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "POST" } });
  const access = await requirePortalAccess(context, params);
  const body = beacon.safeParse(await request.json().catch(() => null));
  if (!body.success) return new Response('Expected {"invoiceId": string | null}', { status: 400 });
  if (isbot(request.headers.get("user-agent") ?? "")) return new Response(null, { status: 204 });
  const { app } = context;
  const limit = app.limits.beacons.hit(access.customerId);
  if (!limit.allowed) tooManyAttempts(limit.retryAfterSeconds);
  const { invoiceId } = body.data;
  if (invoiceId && !(await getPortalInvoice(app.db, access, invoiceId, app.now()))) notFound();
  await recordView(app.db, access, invoiceId, app.now());
  return new Response(null, { status: 204 });
}
