import { IncomingMessage, type ServerResponse } from "node:http";
import { Socket } from "node:net";
import { InstallProvider } from "@slack/oauth";
import { publicUrl } from "#app/platform/config/env.server.ts";
import type { SlackConfig } from "./config.ts";
import type { Installations } from "./installations.ts";
import { boltLogger } from "./logger.ts";
import type { Remit } from "./remit.ts";

/** The bot scopes Remit asks for; slack/manifest.yml lists the same. */
// channels:read, groups:read and mpim:read let Remit see who is in a channel before it posts a client's link there (decision 154).
export const botScopes = [
  "commands",
  "chat:write",
  "chat:write.public",
  "users:read",
  "channels:history",
  "groups:history",
  "channels:read",
  "groups:read",
  "mpim:read",
];

/**
 * The part of Node's ServerResponse that @slack/oauth's handlers use (headers, status, body),
 * recorded so the result can be answered as a Fetch Response from a Remix route.
 */
class RecordedResponse {
  statusCode = 200;
  private readonly headers = new Map<string, string | string[]>();
  private body = "";

  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }

  setHeader(name: string, value: string | string[]) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  writeHead(status: number, headers: Record<string, string> = {}) {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    return this;
  }

  end(body?: string) {
    this.body = body ?? "";
    return this;
  }

  toResponse(): Response {
    const headers = new Headers({ "Cache-Control": "no-store" });
    for (const [name, value] of this.headers) for (const one of [value].flat()) headers.append(name, one);
    return new Response(this.body, { status: this.statusCode, headers });
  }
}

async function viaNode(request: Request, handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<Response> {
  const url = new URL(request.url);
  const req = Object.assign(new IncomingMessage(new Socket()), {
    method: request.method,
    url: `${url.pathname}${url.search}`,
    headers: Object.fromEntries(request.headers),
  });
  const res = new RecordedResponse();
  await handler(req, res as unknown as ServerResponse);
  return res.toResponse();
}

/** OAuth v2 install: `/slack/install` sets a signed state in a cookie; the redirect checks it, then stores the installation. */
export function createOAuth(
  remit: Remit,
  config: Extract<SlackConfig, { mode: "distributed" }>,
  installations: Installations,
  clientOptions: { slackApiUrl: string },
) {
  const installer = new InstallProvider({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    stateSecret: config.stateSecret,
    installationStore: installations.store,
    installUrlOptions: { scopes: botScopes, redirectUri: `${publicUrl(remit.env)}/slack/oauth_redirect` },
    logger: boltLogger,
    clientOptions,
  });
  return {
    install: (request: Request) => viaNode(request, (req, res) => installer.handleInstallPath(req, res)),
    redirect: (request: Request) => viaNode(request, (req, res) => installer.handleCallback(req, res)),
  };
}
