import type { Middleware, SlackEventMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { recordVendorReply } from "#app/portal/questions.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { invoiceOfThread } from "../store.ts";
import type { Deps, RemitContext } from "../listeners/support.ts";
import { slackTextToPlain } from "./text.ts";

/** The fields of a `message` event Remit reads (Events API, message.channels / message.groups). */
const threadMessage = z.object({
  type: z.literal("message"),
  // A teammate's plain reply, or one also sent to the channel; edits, joins and bots' posts have other subtypes.
  subtype: z.literal("thread_broadcast").optional(),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().min(1),
  ts: z.string().min(1),
  thread_ts: z.string().min(1),
  team: z.string().min(1),
  bot_id: z.undefined().optional(),
});

const userInfo = z.object({
  user: z.object({
    team_id: z.string().optional(),
    is_bot: z.boolean().optional(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
  }),
});

/**
 * A reply in an invoice's questions thread reaches the client: only replies in that thread,
 * only from a person of the vendor's own Slack team (a shared channel's guests from another
 * team are not the vendor), never a bot's. The client sees the person's display name as the
 * vendor's Slack shows it (users.info). Redelivered events record the reply once.
 */
export function threadReply(deps: Deps): Middleware<SlackEventMiddlewareArgs<"message">, RemitContext> {
  return async ({ event, client, context }) => {
    const message = threadMessage.safeParse(event);
    if (!message.success) return;
    const { channel, user, text, ts, thread_ts: threadTs, team } = message.data;
    if (threadTs === ts) return;
    const { db, now } = deps.remit;
    const invoiceId = await invoiceOfThread(db, context.workspaceId, channel, threadTs);
    if (!invoiceId) return;
    const workspace = await getWorkspace(db, context.workspaceId);
    if (!workspace.slackTeamId || team !== workspace.slackTeamId) return;
    const info = userInfo.safeParse(await client.users.info({ user }));
    if (!info.success) return;
    const person = info.data.user;
    if (person.is_bot || (person.team_id && person.team_id !== workspace.slackTeamId)) return;
    const authorName = person.profile?.display_name || person.profile?.real_name || person.real_name || person.name || "";
    await recordVendorReply(
      db,
      { workspaceId: workspace.id, invoiceId, authorName, body: slackTextToPlain(text), externalId: `slack:${channel}:${ts}` },
      now(),
    );
  };
}
