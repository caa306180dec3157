import type { Db } from "#app/platform/db/database.server.ts";
import { Prisma } from "#app/generated/prisma/client.ts";

export interface SlackTeam {
  teamId: string;
  /** The team's name or domain, for a workspace created for it. */
  teamName?: string | null;
}

export async function workspaceForSlackTeam(db: Db, teamId: string) {
  return db.workspace.findUnique({ where: { slackTeamId: teamId } });
}

function workspaceName(team: SlackTeam): string {
  return (team.teamName?.trim() || `Slack team ${team.teamId}`).slice(0, 120);
}

/**
 * The workspace of a Slack team that installed the app through OAuth: the one already linked
 * to it, or a new one. An install never adopts an existing workspace, since anyone can install
 * a distributed app and must not see another vendor's data.
 */
export async function workspaceForInstalledTeam(db: Db, team: SlackTeam) {
  return db.workspace.upsert({
    where: { slackTeamId: team.teamId },
    create: { name: workspaceName(team), slackTeamId: team.teamId },
    update: {},
  });
}

/**
 * The workspace of the one Slack team a single-workspace deployment serves: the one linked to
 * it, else the oldest non-demo workspace not linked to a team (the operator's own), else a new one.
 * Concurrent first requests converge on one workspace through the unique team id.
 */
export async function workspaceForOnlyTeam(db: Db, team: SlackTeam) {
  const linked = await workspaceForSlackTeam(db, team.teamId);
  if (linked) return linked;
  const own = await db.workspace.findFirst({ where: { isDemo: false, slackTeamId: null }, orderBy: { createdAt: "asc" } });
  try {
    if (own) {
      const { count } = await db.workspace.updateMany({ where: { id: own.id, slackTeamId: null }, data: { slackTeamId: team.teamId } });
      if (count === 1) return { ...own, slackTeamId: team.teamId };
    } else {
      return await db.workspace.create({ data: { name: workspaceName(team), slackTeamId: team.teamId } });
    }
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  // Another request linked the team first.
  return db.workspace.findUniqueOrThrow({ where: { slackTeamId: team.teamId } });
}

/** Where the invoice's Slack message is, so it can be updated in place when the invoice changes. */
export async function rememberInvoiceMessage(db: Db, workspaceId: string, invoiceId: string, channel: string, ts: string): Promise<void> {
  if (!(await db.invoice.count({ where: { id: invoiceId, workspaceId } }))) return;
  await db.slackInvoiceMessage.upsert({ where: { invoiceId }, create: { invoiceId, channel, ts }, update: { channel, ts } });
}

/** The invoice's Slack message, if it has one. */
export async function invoiceMessage(db: Db, invoiceId: string): Promise<{ channel: string; ts: string } | null> {
  return db.slackInvoiceMessage.findUnique({ where: { invoiceId }, select: { channel: true, ts: true } });
}

/**
 * The customer's invoices whose Slack messages show a client link (open or uncollectible, with a
 * message): after the customer's links are revoked, each of them needs a fresh one.
 */
export async function messagesShowingLinks(db: Db, workspaceId: string, customerId: string) {
  return db.invoice.findMany({
    where: { workspaceId, customerId, status: { in: ["open", "uncollectible"] }, slackMessage: { isNot: null } },
    select: { id: true, number: true },
    orderBy: { number: "asc" },
  });
}

export interface SlackPostRecord {
  eventId: string;
  workspaceId: string;
  invoiceId: string | null;
  kind: string;
  channel: string;
  ts: string;
  createdAt: Date;
}

/** The message already posted for an outbox event, if any. */
export async function postForEvent(db: Db, eventId: string) {
  return db.slackPost.findUnique({ where: { eventId } });
}

export async function recordPost(db: Db, post: SlackPostRecord): Promise<void> {
  await db.slackPost.createMany({ data: [post], skipDuplicates: true });
}

/** The newest message of a kind about an invoice posted since `since`. */
export async function latestPost(db: Db, invoiceId: string, kind: string, since: Date) {
  return db.slackPost.findFirst({ where: { invoiceId, kind, createdAt: { gte: since } }, orderBy: { createdAt: "desc" } });
}

/** The Slack thread where an invoice's client questions go, if one was started. */
export async function questionThread(db: Db, invoiceId: string): Promise<{ channel: string; ts: string } | null> {
  return db.slackQuestionThread.findUnique({ where: { invoiceId }, select: { channel: true, ts: true } });
}

/** Remembers (first one wins) the thread of an invoice's questions; returns the one kept. */
export async function rememberQuestionThread(db: Db, workspaceId: string, invoiceId: string, channel: string, ts: string) {
  await db.slackQuestionThread.createMany({ data: [{ invoiceId, workspaceId, channel, ts }], skipDuplicates: true });
  return db.slackQuestionThread.findUniqueOrThrow({ where: { invoiceId }, select: { channel: true, ts: true } });
}

/** The invoice whose questions' thread starts at (channel, ts), in this workspace only. */
export async function invoiceOfThread(db: Db, workspaceId: string, channel: string, ts: string): Promise<string | null> {
  const thread = await db.slackQuestionThread.findFirst({ where: { workspaceId, channel, ts }, select: { invoiceId: true } });
  return thread?.invoiceId ?? null;
}

/** Forgets an invoice's question thread (its message went out of reach): the next question starts another. */
export async function forgetQuestionThread(db: Db, invoiceId: string): Promise<void> {
  await db.slackQuestionThread.deleteMany({ where: { invoiceId } });
}
