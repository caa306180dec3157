import { LogLevel, type Logger } from "@slack/bolt";
import { log } from "#app/platform/config/log.server.ts";

/**
 * Bolt's and the Web API client's messages, in Remit's JSON log. Debug output is dropped: at
 * that level the SDK prints request bodies.
 */
export const boltLogger: Logger = {
  debug: () => {},
  info: (...message: unknown[]) => log.info(text(message), { source: "slack" }),
  warn: (...message: unknown[]) => log.warn(text(message), { source: "slack" }),
  error: (...message: unknown[]) => log.error(text(message), { source: "slack" }),
  setLevel: () => {},
  getLevel: () => LogLevel.INFO,
  setName: () => {},
};

function text(message: unknown[]): string {
  return message.map((part) => (part instanceof Error ? part.message : String(part))).join(" ");
}
