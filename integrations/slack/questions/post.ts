import type { webApi } from "@slack/bolt";
import type { DeliveredEvent } from "#app/ports/events.ts";
import { invoiceMessageOf } from "#app/portal/questions.server.ts";
import type { Workspace } from "#app/generated/prisma/client.ts";
import { context, section, type Block } from "../blocks/kit.ts";
import { cannotPostIn } from "../errors.ts";
import { escape, fitted } from "../format.ts";
import { forgetQuestionThread, invoiceMessage as storedMessage, questionThread, rememberQuestionThread } from "../store.ts";
import type { Remit } from "../remit.ts";
import { clientTextBlocks } from "./text.ts";

export interface ThreadPost {
  text: string;
  blocks: Block[];
  thread_ts: string;
  reply_broadcast?: boolean;
}

/** Posts one message for an outbox event (at most once): the alerts' own `post`. */
export type PostOnce = (event: DeliveredEvent, kind: string, channel: string, token: string, message: ThreadPost) => Promise<void>;

/** The invoice a client asks about, in a workspace whose Slack the bot posts to with `token`. */
interface ThreadPlace {
  remit: Remit;
  client: webApi.WebClient;
  token: string;
  workspace: Workspace;
  invoice: { id: string; number: string };
  customerName: string;
}

/**
 * Where the invoice's questions go: the thread already used, else under the invoice's own
 * message (not a direct message, whose replies the app does not hear), else a new message in
 * the alert channel. Null when there is nowhere to post (no message the bot can reach, no
 * alert channel).
 */
async function threadFor(place: ThreadPlace) {
  const { remit, workspace, invoice } = place;
  const known = await questionThread(remit.db, invoice.id);
  if (known) return { ...known, underInvoice: false };
  const posted = await storedMessage(remit.db, invoice.id);
  if (posted && !posted.channel.startsWith("D"))
    return { ...(await rememberQuestionThread(remit.db, workspace.id, invoice.id, posted.channel, posted.ts)), underInvoice: true };
  return startThread(place);
}

async function startThread({ remit, client, token, workspace, invoice, customerName }: ThreadPlace) {
  if (!workspace.alertChannelId) return null;
  const headline = fitted(2900, customerName, (name) => `:speech_balloon: Questions from *${name}* about invoice *${invoice.number}*`);
  const root = await client.chat.postMessage({
    token,
    channel: workspace.alertChannelId,
    unfurl_links: false,
    unfurl_media: false,
    text: `Questions from ${escape(customerName)} about invoice ${invoice.number}`,
    blocks: [section(headline)],
  });
  if (!root.ts) return null;
  return { ...(await rememberQuestionThread(remit.db, workspace.id, invoice.id, root.channel ?? workspace.alertChannelId, root.ts)), underInvoice: false };
}

/**
 * A client's question in the vendor's Slack, as a thread reply under the invoice (shown in the
 * channel too when under the invoice's own message), with the client's name, the invoice and
 * the line it is about. The client's text is shown as written, never as markup.
 */
export async function postQuestion(
  remit: Remit,
  client: webApi.WebClient,
  token: string,
  workspace: Workspace,
  event: DeliveredEvent<"question.asked">,
  postOnce: PostOnce,
) {
  const message = await invoiceMessageOf(remit.db, workspace.id, event.payload.messageId);
  if (!message) return;
  const { invoice } = message;
  const customerName = invoice.customer.name;
  const line = message.lineId ? invoice.lines.find((candidate) => candidate.id === message.lineId) : null;
  const about = line ? fitted(2900, line.productName, (name) => ` (the line “${name}”)`) : "";
  const lead = fitted(
    2900,
    customerName,
    (name) => `:speech_balloon: *${name}* ${line ? "disputes a line of" : "asks about"} invoice *${invoice.number}*${about}:`,
  );
  const blocks: Block[] = [
    section(lead),
    ...clientTextBlocks(message.body),
    context(
      `Reply in this thread to answer: ${escape(customerName)} sees replies from your team on the invoice's page and by email, under your Slack display name.`,
    ),
  ];
  const text = `Question from ${escape(customerName)} about invoice ${invoice.number}`;
  const place = { remit, client, token, workspace, invoice, customerName };
  let thread = await threadFor(place);
  if (!thread) return;
  try {
    await postOnce(event, "question", thread.channel, token, { text, blocks, thread_ts: thread.ts, ...(thread.underInvoice ? { reply_broadcast: true } : {}) });
  } catch (error) {
    // The invoice's message is out of the bot's reach (archived, left): the alert channel instead.
    if (!cannotPostIn(error) || !thread.underInvoice) throw error;
    await forgetQuestionThread(remit.db, invoice.id);
    thread = await startThread(place);
    if (thread) await postOnce(event, "question", thread.channel, token, { text, blocks, thread_ts: thread.ts });
  }
}
