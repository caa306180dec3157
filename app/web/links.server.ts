import { publicUrl } from "#app/platform/config/env.server.ts";
import type { AppContext } from "#app/context.server.ts";
import { issuePortalToken, portalUrl, type LinkRequest } from "#app/portal/access.server.ts";

/** A full portal URL for a client (or a vendor preview), signed with the current key. */
export async function issueCustomerLink(app: AppContext, request: LinkRequest): Promise<{ url: string; expiresAt: Date }> {
  const { token, expiresAt } = await issuePortalToken(app.db, app.secrets.signingKeys, request, app.now());
  return { url: portalUrl(publicUrl(app.env), token), expiresAt };
}
