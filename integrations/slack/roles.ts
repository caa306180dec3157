import type { webApi } from "@slack/bolt";
import { DomainError } from "#app/billing/errors.ts";
import { mayDo, permissionLabels, type Permission } from "#app/billing/permissions.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { honouringRateLimit, waitBudget } from "./calls.ts";

/** A refusal to show in Slack as it is. */
export class PermissionDenied extends DomainError {
  override name = "PermissionDenied";
}

export type Role = "guest" | "member" | "admin";
const cacheMs = 10 * 60_000;

const guestRefusal = "Remit is for the members of this Slack workspace; guests can't see or change invoices.";

/**
 * Who may do what, from the person's Slack account: guests (single- and multi-channel guests,
 * often the vendor's own clients) may not use Remit at all; admins and owners may do
 * everything; members what the workspace's settings let them (docs/decisions/150). Roles are
 * cached for ten minutes to spare Slack's rate limits; the workspace's settings are read each time.
 */
export function createRoles(now: () => Date, db: Db) {
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
    /** Anyone of the team but guests: to look (lists, status, customers). */
    async requireMember(client: webApi.WebClient, userId: string, maxWaitMs?: number): Promise<void> {
      if ((await roleOf(client, userId, maxWaitMs)) === "guest") throw new PermissionDenied(guestRefusal);
    },
    /** A person whose role may do `permission` in this workspace; refuses in words otherwise. */
    async require(client: webApi.WebClient, userId: string, workspaceId: string, permission: Permission, maxWaitMs?: number): Promise<void> {
      const role = await roleOf(client, userId, maxWaitMs);
      if (role === "guest") throw new PermissionDenied(guestRefusal);
      const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { memberPermissions: true } });
      if (mayDo(role, permission, workspace?.memberPermissions ?? [])) return;
      throw new PermissionDenied(
        `Only admins and owners of this Slack workspace may ${permissionLabels[permission]}. Ask one of them, or ask them to let members do it in \`/invoice settings\` (Who may do what).`,
      );
    },
  };
}

export type Roles = ReturnType<typeof createRoles>;
