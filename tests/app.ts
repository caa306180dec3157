import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "#app/platform/config/env.server.ts";
import type { AppContext } from "#app/context.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { boot } from "#server/boot.ts";
import { testClock } from "./clock.ts";

let dataDir: string | null = null;
function testDataDir(): string {
  dataDir ??= mkdtempSync(join(tmpdir(), "remit-test-"));
  return dataDir;
}

export const testSecrets = {
  PORTAL_SIGNING_KEYS: `test:${"s".repeat(40)}`,
  ENCRYPTION_KEY: "e".repeat(40),
};

/**
 * The app as the server composes it, on a test database, with explicit configuration.
 * `env` adds or overrides variables (e.g. STRIPE_SECRET_KEY) exactly as in production.
 */
export async function createTestApp(database: Database, env: Record<string, string> = {}, now: () => Date = testClock().now): Promise<AppContext> {
  // Emails kept without SMTP land in this test process's own folder, never in the repository's ./data.
  const parsed = parseEnv({ PUBLIC_URL: "http://remit.test", LOG_LEVEL: "silent", DATA_DIR: testDataDir(), ...testSecrets, ...env });
  return boot({ env: parsed, database, migrate: "skip", now });
}

/** Remix loader/action arguments for a request to `path` on the test app. */
export function routeArgs(app: AppContext, path: string, init?: RequestInit, params: Record<string, string> = {}) {
  return { request: new Request(`http://remit.test${path}`, init), context: { app }, params };
}
