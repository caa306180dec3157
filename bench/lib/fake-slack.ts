import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";

/**
 * A Slack Web API stand-in on loopback for the benchmarks: answers every method `ok`, like Slack
 * (users.info as an ordinary member), after `delayMs` as a far host would. `onCall` hears each
 * request's path (a method, or a `response_url`) the moment it has arrived whole.
 */
export async function startFakeSlack(port: number, delayMs = 40, onCall?: (path: string) => void): Promise<Server> {
  const server = createServer((request, response) => {
    const method = request.url?.split("/").at(-1) ?? "";
    request.resume();
    request.on("end", () => {
      onCall?.(request.url ?? "");
      const body =
        method === "users.info"
          ? { ok: true, user: { id: "U0BENCH", is_admin: false, is_owner: false, is_restricted: false, is_ultra_restricted: false, is_bot: false } }
          : method === "auth.test"
            ? { ok: true, team_id: "T0BENCH", user_id: "U0BOT", bot_id: "B0BOT" }
            : { ok: true, ts: "1798000000.000100", channel: "C0BENCH", view: { id: "V0BENCH" } };
      setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

/** A `/invoice` slash command as Slack posts it, signed with the signing secret (valid for 5 minutes). */
export function signedSlashCommand(signingSecret: string, text: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    team_id: "T0BENCH",
    team_domain: "bench",
    channel_id: "C0BENCH",
    channel_name: "sales",
    user_id: "U0BENCH",
    user_name: "vendor",
    command: "/invoice",
    text,
    api_app_id: "A0BENCH",
    response_url: "http://127.0.0.1:4141/commands/T0BENCH/1/bench",
    trigger_id: "1.bench",
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature },
  };
}

/** An Events API callback as Slack posts it, signed with the signing secret. */
export function signedEvent(signingSecret: string, event: Record<string, unknown>): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    token: "unused",
    team_id: "T0BENCH",
    api_app_id: "A0BENCH",
    type: "event_callback",
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { body, headers: { "content-type": "application/json", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature } };
}
