import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import pino from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
type WriteLevel = Exclude<LogLevel, "silent">;

/** What one HTTP request carries through everything it causes: its id on every log line. */
export interface RequestScope {
  requestId: string;
  /** Set when the request failed because the database is unavailable: answered 503, not 500. */
  databaseUnavailable: boolean;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * Working portal links must never reach a log (issue 10): `/p/<token>` paths, the same
 * percent-encoded, and anything shaped like a JWT, wherever it appears in a line.
 */
export function redactTokens(text: string): string {
  return text
    .replace(/\/p\/[^/?#\s"'\\<>]+/g, "/p/[redacted]")
    .replace(/%2Fp%2F[^%&\s"'\\<>]+/gi, "%2Fp%2F[redacted]")
    .replace(/eyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]+/g, "[redacted]");
}

function createLogger(fd: 1 | 2) {
  return pino(
    {
      level: "info",
      messageKey: "message",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
      hooks: { streamWrite: redactTokens },
    },
    pino.destination({ fd, sync: true }),
  );
}

let logger = createLogger(1);

/**
 * Logs go to standard output when serving; a CLI command sends them to standard error, so its
 * standard output stays its answer.
 */
export function configureLog(options: { level?: LogLevel; destination?: "stdout" | "stderr" }): void {
  if (options.destination) {
    const level = logger.level;
    logger = createLogger(options.destination === "stdout" ? 1 : 2);
    logger.level = level;
  }
  if (options.level) logger.level = options.level;
}

export function setLogLevel(level: LogLevel): void {
  configureLog({ level });
}

/**
 * Repeated warnings and errors (a database outage makes every request fail the same way) are
 * written once per window, then summarised: "repeated N times".
 */
export function createRepeatFilter(windowMs: number, now: () => number) {
  const seen = new Map<string, { since: number; repeats: number; level: WriteLevel; message: string }>();
  return {
    /** True when this line should be written now. */
    admit(level: WriteLevel, message: string, fields: Record<string, unknown> | undefined): boolean {
      if (level !== "warn" && level !== "error") return true;
      const key = `${level}\u0000${message}\u0000${String(fields?.error ?? "")}`;
      const entry = seen.get(key);
      if (entry && now() - entry.since < windowMs) {
        entry.repeats++;
        return false;
      }
      if (seen.size >= 1000) seen.clear();
      seen.set(key, { since: now(), repeats: 0, level, message });
      return true;
    },
    /** Summaries of the windows that ended, to write; forgets them. */
    flush(): { level: WriteLevel; message: string; repeated: number; windowMs: number }[] {
      const summaries = [];
      for (const [key, entry] of seen) {
        if (now() - entry.since < windowMs) continue;
        if (entry.repeats > 0) summaries.push({ level: entry.level, message: entry.message, repeated: entry.repeats, windowMs });
        seen.delete(key);
      }
      return summaries;
    },
  };
}

const repeatWindowMs = 10_000;
const repeats = createRepeatFilter(repeatWindowMs, Date.now);
setInterval(() => {
  for (const { level, message, ...fields } of repeats.flush())
    logger[level](fields, `${message} (repeated ${fields.repeated} times in ${repeatWindowMs / 1000} s)`);
}, repeatWindowMs).unref();

function write(level: WriteLevel, message: string, fields?: Record<string, unknown>): void {
  if (!logger.isLevelEnabled(level) || !repeats.admit(level, message, fields)) return;
  logger[level](fields ?? {}, message);
}

/** Structured one-line JSON logs (pino). Never pass secrets, tokens or request bodies in fields. */
export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
  /** One line per HTTP request, never summarised. */
  access: (level: "info" | "warn", message: string, fields: Record<string, unknown>) => {
    if (logger.isLevelEnabled(level)) logger[level](fields, message);
  },
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * For the server process: what libraries print with console.* and Node's warnings become log
 * lines too (one JSON object a line, tokens redacted), instead of raw multi-line text.
 */
export function captureConsole(): void {
  const route =
    (level: WriteLevel) =>
    (...args: unknown[]) =>
      write(level, format(...args).split("\n")[0] ?? "", { source: "console", detail: format(...args) });
  Object.assign(console, { log: route("info"), info: route("info"), debug: route("debug"), warn: route("warn"), error: route("error") });
  process.removeAllListeners("warning");
  process.on("warning", (warning) => write("warn", warning.message, { source: "node", name: warning.name }));
}
