import { App, SocketModeReceiver, webApi, type Authorize } from "@slack/bolt";
import type { Subscriber } from "#app/ports/events.ts";
import { createAlerts } from "./alerts.ts";
import { slackConfig } from "./config.ts";
import { createInstallations } from "./installations.ts";
import { registerListeners } from "./listeners/index.ts";
import type { RemitContext } from "./listeners/support.ts";
import { boltLogger } from "./logger.ts";
import { createOAuth } from "./oauth.ts";
import { FetchReceiver } from "./receiver.ts";
import type { Remit } from "./remit.ts";
import { createRoles } from "./roles.ts";

/** Remit's Slack app, as the server and the routes see it. */
export interface Slack {
  /** POST /slack/events: commands, interactivity, options and events. */
  handleEvents(request: Request): Promise<Response>;
  /** GET /slack/install and /slack/oauth_redirect (distributed mode). */
  handleInstall(request: Request): Promise<Response>;
  handleOAuthRedirect(request: Request): Promise<Response>;
  /** Posts alerts from the outbox; registered by the composition root. */
  alerts: Subscriber;
  /** Connects Socket Mode, when configured. */
  start(): Promise<void>;
  /** Resolves when work listeners started after their acks has finished. */
  settled(): Promise<void>;
  /** Waits for work started after acks, and disconnects Socket Mode. */
  stop(): Promise<void>;
}

function notFound(message: string): Response {
  return new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Builds the Slack app from the environment; null when Slack is not configured. */
export function createSlack(remit: Remit): Slack | null {
  const config = slackConfig(remit.env);
  if (!config) return null;
  // The outbox retries alerts with its own backoff and honours Retry-After, and a person in
  // Slack is better served by a quick answer than by a client waiting out a rate limit.
  const clientOptions = { slackApiUrl: config.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 };
  const probe = new webApi.WebClient(undefined, { ...clientOptions, logger: boltLogger });
  const installations = createInstallations(remit, config, async (token) => {
    const { team_id: team } = await probe.auth.test({ token });
    if (!team) throw new Error("Slack's auth.test named no team for SLACK_BOT_TOKEN.");
    return team;
  });

  const authorize: Authorize<boolean> = async (source, body) => {
    if (!source.teamId) throw new Error("Remit is installed per Slack workspace; org-wide requests are not supported.");
    const teamName = body && "team_domain" in body && typeof body.team_domain === "string" ? body.team_domain : null;
    return installations.forTeam({ teamId: source.teamId, teamName });
  };

  const { events } = config;
  const receiver =
    events.via === "http"
      ? new FetchReceiver(events.signingSecret)
      : new SocketModeReceiver({ appToken: events.appToken, logger: boltLogger, installerOptions: { clientOptions } });
  const http = receiver instanceof FetchReceiver ? receiver : null;
  const app = new App<RemitContext>({ receiver, authorize, logger: boltLogger, clientOptions, convoStore: false });
  registerListeners(app, { remit, installations, roles: createRoles(remit.now, remit.db) });

  const oauth = config.mode === "distributed" ? createOAuth(remit, config, installations, clientOptions) : null;
  const singleWorkspace = () => notFound("This Remit serves one Slack workspace (SLACK_BOT_TOKEN); there is nothing to install here.");
  return {
    handleEvents: async (request) => (http ? http.handle(request) : notFound("Remit receives Slack events over Socket Mode (SLACK_APP_TOKEN).")),
    handleInstall: async (request) => (oauth ? oauth.install(request) : singleWorkspace()),
    handleOAuthRedirect: async (request) => (oauth ? oauth.redirect(request) : singleWorkspace()),
    alerts: createAlerts(remit, app.client, installations),
    start: async () => {
      if (!http) await app.start();
    },
    settled: async () => http?.settled(),
    stop: async () => {
      await app.stop();
    },
  };
}
