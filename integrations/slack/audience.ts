import type { webApi } from "@slack/bolt";
import { honouringRateLimit, waitBudget } from "./calls.ts";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { slackError } from "./errors.ts";
import type { Role } from "./roles.ts";

/**
 * Who could read a message in a channel, as far as a client's portal link is concerned:
 * only the team's own members, people of another organisation, guests (often the vendor's
 * clients), or Remit cannot tell (a scope the install lacks, a channel out of the bot's reach,
 * a channel too big to look through). Anything but `team` means: ask before posting a link.
 */
export type Audience = "team" | "shared" | "guests" | "unknown";

/** Members looked through one by one for guests; a bigger channel is "unknown" (Remit asks). */
const membersChecked = 100;

/**
 * Looks at a channel before a working client link is posted in it: conversations.info says
 * whether it is shared with another organisation (Slack Connect, `is_ext_shared`, or one
 * being set up, `is_pending_ext_shared`), with other workspaces of an Enterprise org
 * (`is_shared`, `is_org_shared`); its members' accounts (`users.info`, through the roles' cache)
 * say whether a guest is in it. Any refusal (`missing_scope`, `channel_not_found`, …), or Slack
 * asking to slow down, fails safe: "unknown".
 */
export async function channelAudience(
  client: webApi.WebClient,
  channel: string,
  roleOf: (client: webApi.WebClient, userId: string, maxWaitMs?: number) => Promise<Role>,
): Promise<Audience> {
  try {
    const info = await honouringRateLimit(() => client.conversations.info({ channel }), waitBudget.afterAck);
    const found = info.channel;
    if (!found) return "unknown";
    if (found.is_ext_shared || found.is_pending_ext_shared || found.is_shared || found.is_org_shared) return "shared";
    if (found.is_im) return "team";
    const listed = await honouringRateLimit(() => client.conversations.members({ channel, limit: membersChecked }), waitBudget.afterAck);
    if (listed.response_metadata?.next_cursor) return "unknown";
    for (const member of listed.members ?? []) {
      if ((await roleOf(client, member)) === "guest") return "guests";
    }
    return "team";
  } catch (error) {
    // Slack refused, was too busy or out of reach: nobody can say who is there, so Remit asks.
    log.warn("Could not tell who is in a Slack channel", { channel, error: slackError(error) ?? errorMessage(error) });
    return "unknown";
  }
}

/** Why Remit asks before posting a client's link in a channel, in words. */
export function audienceWords(audience: Exclude<Audience, "team">, channel: string): string {
  const where = `<#${channel}>`;
  switch (audience) {
    case "shared":
      return `${where} is shared with people outside your workspace`;
    case "guests":
      return `${where} has guests in it`;
    case "unknown":
      return `Remit cannot tell who is in ${where} (it may need to be reinstalled to read channel details)`;
  }
}
