import type { Middleware, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../support.ts";

/** The app was removed or its tokens revoked: forget the tokens; the workspace and its invoices stay for a reinstall. */
export function forgetTokens(deps: Deps): Middleware<SlackEventMiddlewareArgs<"app_uninstalled" | "tokens_revoked">> {
  return async ({ context }) => {
    if (context.teamId) await deps.installations.forget(context.teamId);
  };
}
