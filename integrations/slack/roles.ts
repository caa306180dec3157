import type { webApi } from "@slack/bolt";
import { DomainError } from "#app/billing/errors.ts";
import { honouringRateLimit, waitBudget } from "./calls.ts";

/** A refusal to show in Slack as it is. */
export class PermissionDenied extends DomainError {
  override name = "PermissionDenied";
}

type Role = "guest" | "member" | "admin";
const cacheMs = 10 * 60_000;

/**
 * Who may do what, from the person's Slack account: guests (single- and multi-channel guests,
 * often the vendor's own clients) may not use Remit at all; settings are for Slack admins and
 * owners. Roles are cached for ten minutes to spare Slack's rate limits.
 */
export function createRoles(now: () => Date) {
  const cache = new Map<string, { role: Role; until: number }>();

  /** `maxWaitMs`: how long a 429 may be waited out (short before an ack, longer after). */
  async function roleOf(client: webApi.WebClient, userId: string, maxWaitMs: number = waitBudget.afterAck): Promise<Role> {
    const cached = cache.get(userId);
    if (cached && cached.until > now().getTime()) return cached.role;
    const { user } = await honouringRateLimit(() => client.users.info({ user: userId }), maxWaitMs);
    const role: Role = user?.is_restricted || user?.is_ultra_restricted ? "guest" : user?.is_admin || user?.is_owner ? "admin" : "member";
    cache.set(userId, { role, until: now().getTime() + cacheMs });
    return role;
  }

  return {
    roleOf,
    async requireMember(client: webApi.WebClient, userId: string, maxWaitMs?: number): Promise<void> {
      if ((await roleOf(client, userId, maxWaitMs)) === "guest")
        throw new PermissionDenied("Remit is for the members of this Slack workspace; guests can't see or change invoices.");
    },
    async requireAdmin(client: webApi.WebClient, userId: string, maxWaitMs?: number): Promise<void> {
      if ((await roleOf(client, userId, maxWaitMs)) !== "admin")
        throw new PermissionDenied("Only admins and owners of this Slack workspace can change Remit's settings. Ask one of them to run `/invoice settings`.");
    },
  };
}

export type Roles = ReturnType<typeof createRoles>;
