import type { App, RespondFn, webApi } from "@slack/bolt";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import type { Block } from "../blocks/kit.ts";
import type { Installations } from "../installations.ts";
import type { Remit } from "../remit.ts";
import type { Roles } from "../roles.ts";

/** What `authorize` adds to every listener's context: the Remit workspace of the Slack team. */
export interface RemitContext {
  workspaceId: string;
}

export type RemitBolt = App<RemitContext>;

export interface Deps {
  remit: Remit;
  installations: Installations;
  roles: Roles;
}

export interface Message {
  text: string;
  blocks?: Block[];
}

export type Reply = (message: Message) => Promise<unknown>;

/**
 * Answers only the person who asked: through the request's response_url when it has one
 * (commands, message buttons), else as a direct message from the app (App Home buttons).
 */
export function replier(respond: RespondFn | undefined, client: webApi.WebClient, userId: string): Reply {
  if (respond) return (message) => respond({ response_type: "ephemeral", replace_original: false, ...message });
  return (message) => client.chat.postMessage({ channel: userId, unfurl_links: false, unfurl_media: false, ...message });
}

function plainWords(error: DomainError): string {
  if (!(error instanceof ValidationError)) return error.message;
  return Object.values(error.issues)
    .map((issue) => `• ${issue}`)
    .join("\n");
}

/**
 * The answer to a person who asked Remit to email the client now. Remit's own emails go once
 * per purpose and step; one a person asks for is always a new email, so the answer says so.
 */
export function emailAsked(asked: { number: string; to: string }, message: "invoice" | "reminder"): Message {
  const what = message === "invoice" ? `Invoice *${asked.number}*` : `A reminder of *${asked.number}*`;
  return {
    text: `${what} is on its way to ${asked.to}. You asked, so it goes even if one went before; the invoice message shows when the mail server took it.`,
  };
}

/** A person in Slack as the audit trail names them. */
export const slackActor = (userId: string) => `slack:${userId}`;

/**
 * Checks who is acting before a view submission or an options request is answered (only a
 * refusal can be said then, in the answer itself): the refusal in words, or null.
 */
export async function refusal(check: () => Promise<void>): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
}

/** Does the work after the ack; a refusal or a mistake becomes a message in plain words. */
export async function answering(reply: Reply, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof DomainError) {
      await reply({ text: plainWords(error) });
      return;
    }
    log.error("Slack request failed", { error: errorMessage(error) });
    await reply({ text: "Something went wrong in Remit and this was not done. Try again in a minute; if it keeps happening, tell whoever runs Remit." }).catch(
      () => {},
    );
  }
}
