import { webApi } from "@slack/bolt";
import { PermanentDeliveryError, RetryLaterError } from "#app/ports/events.ts";

/** Slack's `error` string of a Web API call that answered `ok: false`, else null. */
export function slackError(error: unknown): string | null {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : null;
}

/** The conversation or message is out of the bot's reach (private, archived, deleted). */
const unreachable = new Set(["channel_not_found", "not_in_channel", "is_archived", "message_not_found", "cant_update_message", "restricted_action"]);
/** The workspace's token no longer works: retrying cannot help until someone reinstalls. */
const revoked = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "missing_scope",
  "team_access_not_granted",
  "no_permission",
]);

/** Slack refused the message itself: sending it again cannot help, and it is Remit's bug to fix. */
const refusedMessage = new Set(["invalid_blocks", "msg_too_long", "invalid_arguments"]);

export function cannotPostIn(error: unknown): boolean {
  return unreachable.has(slackError(error) ?? "");
}

/**
 * How an outbox delivery failed, for the dispatcher: wait as long as Slack asked on 429,
 * give up on revoked access or an unreachable channel (dead letter, retried by an operator),
 * back off and retry on anything else (Slack down, timeouts, 5xx).
 */
export function deliveryError(error: unknown): unknown {
  if (error instanceof webApi.WebAPIRateLimitedError) return new RetryLaterError("Slack rate limit", error.retryAfter * 1000);
  const code = slackError(error);
  if (code && revoked.has(code)) return new PermanentDeliveryError(`Slack refused the workspace's token (${code}); reinstall the app.`);
  if (code && unreachable.has(code))
    return new PermanentDeliveryError(`Slack cannot post there (${code}); invite @Remit to the alert channel, then retry with: remit events retry <id>.`);
  if (code && refusedMessage.has(code))
    return new PermanentDeliveryError(`Slack refused the message (${code}); this is a bug in Remit: report it with the event id.`);
  return error;
}
