import type { AppContext } from "#app/context.server.ts";
import type { Slack } from "#integrations/slack/index.ts";

/** The Slack app of the running server, or a 503 that says how to set it up. */
export function requireSlack(app: AppContext): Slack {
  if (app.slack) return app.slack;
  throw new Response(
    "Slack is not configured on this Remit server. Set SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installable anywhere); see docs/slack-setup.md.",
    { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } },
  );
}
