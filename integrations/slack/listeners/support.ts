import type {
  App,
  BlockAction,
  ButtonAction,
  Middleware,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
  webApi,
} from "@slack/bolt";
import type { z } from "zod";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import type { Permission } from "#app/billing/permissions.ts";
import type { Block } from "../blocks/kit.ts";
import { waitBudget } from "../calls.ts";
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

export type ButtonListener = Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, RemitContext>;
export type ButtonArgs = Parameters<ButtonListener>[0];

/**
 * A button's listener: acks at once, checks the person may do `permission` ("look": be a member
 * of the workspace, not a guest), then acts with the button's value as `id`. The answer, a refusal
 * or a mistake goes to the person alone (`reply`: in the channel they pressed it in, else by DM).
 */
export function guardedButton(
  deps: Deps,
  permission: Permission | "look",
  act: (args: ButtonArgs & { workspaceId: string; id: string; reply: Reply }) => Promise<unknown>,
): ButtonListener {
  return async (args) => {
    await args.ack();
    const { body, action, client, context } = args;
    const reply = replier(body.response_url ? args.respond : undefined, client, body.user.id);
    await answering(reply, async () => {
      if (permission === "look") await deps.roles.requireMember(client, body.user.id);
      else await deps.roles.require(client, body.user.id, context.workspaceId, permission);
      await act({ ...args, workspaceId: context.workspaceId, id: action.value ?? "", reply });
    });
  };
}

export type ViewListener = Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>, RemitContext>;
export type ViewArgs = Parameters<ViewListener>[0];

/** Mistakes by the block that shows each: the answer that keeps a form open. */
export const formErrors = (ack: ViewArgs["ack"]) => (found: Record<string, string>) => ack({ response_action: "errors", errors: found });

/**
 * Before a form's submission does anything: whether the person may do `permission`. When not,
 * the form stays open with the refusal on `block`, and true comes back (the submission is answered).
 */
export async function refusedOnForm(deps: Deps, { ack, client, body, context }: ViewArgs, permission: Permission, block: string): Promise<boolean> {
  const refused = await refusal(() => deps.roles.require(client, body.user.id, context.workspaceId, permission, waitBudget.beforeAck));
  if (refused) await formErrors(ack)({ [block]: refused });
  return refused !== null;
}

/** What a form or button carries in its private metadata or value, as `schema` reads it; null when it does not (older or altered). */
export function carried<T>(schema: z.ZodType<T>, text: string | undefined): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text || "{}"));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The domain's refusal of a form's submission as mistakes on the form: each issue of a
 * ValidationError on its field's block (`blockOf`; the first issue a block gets), any other
 * DomainError on `block`. Any other error is thrown on.
 */
export function errorsOnForm(error: unknown, block: string, blockOf: (field: string) => string = () => block): Record<string, string> {
  if (error instanceof ValidationError && Object.keys(error.issues).length) {
    const found: Record<string, string> = {};
    for (const [field, message] of Object.entries(error.issues)) found[blockOf(field)] ??= message;
    return found;
  }
  if (error instanceof DomainError) return { [block]: error.message };
  throw error;
}
