import { ConfigError, type Env } from "#app/platform/config/env.server.ts";

/** How Remit talks to Slack, decided once from the environment. */
export type SlackConfig = {
  /** Web API base URL, ending in "/". */
  apiUrl: string;
  /** How commands, interactivity and events arrive: signed HTTP requests, or Socket Mode. */
  events: { via: "http"; signingSecret: string } | { via: "socket"; appToken: string };
} & ({ mode: "single"; botToken: string } | { mode: "distributed"; clientId: string; clientSecret: string; stateSecret: string });

const minStateSecretLength = 32;

/** null when Slack is not configured at all; a ConfigError naming the fix when half configured. */
export function slackConfig(env: Env): SlackConfig | null {
  const { SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SLACK_APP_TOKEN } = env;
  const oauth = { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET };
  const oauthSet = Object.values(oauth).some(Boolean);
  if (!SLACK_BOT_TOKEN && !oauthSet && !SLACK_SIGNING_SECRET && !SLACK_APP_TOKEN) return null;

  const fail = (message: string) => new ConfigError(`Slack: ${message} See docs/slack-setup.md.`);
  if (SLACK_BOT_TOKEN && oauthSet) {
    throw fail(
      "set either SLACK_BOT_TOKEN (one Slack workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installable in any workspace), not both.",
    );
  }
  if (!SLACK_BOT_TOKEN && !oauthSet) {
    throw fail("set SLACK_BOT_TOKEN (one Slack workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installable in any workspace).");
  }
  if (SLACK_BOT_TOKEN && !SLACK_BOT_TOKEN.startsWith("xoxb-")) throw fail("SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-).");
  if (SLACK_APP_TOKEN && !SLACK_APP_TOKEN.startsWith("xapp-")) throw fail("SLACK_APP_TOKEN must be an app-level token (it starts with xapp-).");
  let events: SlackConfig["events"];
  if (SLACK_APP_TOKEN) events = { via: "socket", appToken: SLACK_APP_TOKEN };
  else if (SLACK_SIGNING_SECRET) events = { via: "http", signingSecret: SLACK_SIGNING_SECRET };
  else throw fail("SLACK_SIGNING_SECRET is required to verify requests from Slack (Basic Information → App Credentials).");
  const base = { apiUrl: env.SLACK_API_URL.endsWith("/") ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`, events };
  if (SLACK_BOT_TOKEN) return { ...base, mode: "single", botToken: SLACK_BOT_TOKEN };

  const [clientId, clientSecret, stateSecret] = [SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET];
  if (!clientId || !clientSecret || !stateSecret) {
    const missing = Object.entries(oauth)
      .filter(([, value]) => !value)
      .map(([name]) => name);
    throw fail(`${missing.join(" and ")} must be set too, for installs through OAuth.`);
  }
  if (stateSecret.length < minStateSecretLength) {
    throw fail(`SLACK_STATE_SECRET is too short: use at least ${minStateSecretLength} random characters (openssl rand -base64 32).`);
  }
  return { ...base, mode: "distributed", clientId, clientSecret, stateSecret };
}
