import { beforeEach } from "vitest";
import type { WorkspaceInput } from "#app/billing/workspaces.server.ts";
import { parseEnv } from "#app/platform/config/env.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { createNotionService } from "#integrations/notion/index.ts";
import { testSecrets } from "./app.ts";
import { fileDatabase } from "./database.ts";
import { aVendor } from "./fixtures.ts";
import { manualClock, testEpoch } from "./clock.ts";
import { createFakeNotion, notionApiUrl } from "./msw/notion.ts";
import { mswServer } from "./msw/server.ts";

export const notionToken = "ntn_test_secret_1234567890";

/**
 * A Notion service on the test database against a fresh fake Notion, with a manual clock for
 * its limiter (waits cost no real time), registered as the outbox's "notion" subscriber.
 */
export function notionTestbed(database: Database, env: Record<string, string> = {}) {
  const db = database.prisma;
  const clock = manualClock();
  const fake = createFakeNotion({ now: clock.now });
  fake.addToken(notionToken);
  mswServer.use(...fake.handlers);
  const parsed = parseEnv({ LOG_LEVEL: "silent", PUBLIC_URL: "http://remit.test", NOTION_API_URL: notionApiUrl, ...testSecrets, ...env });
  // The app's time starts at the suite's and moves by what tests skip; the limiter's is the manual clock.
  let skippedMs = 0;
  const dispatcherNow = () => new Date(testEpoch + skippedMs);
  const service = createNotionService({ database, env: parsed, secrets: resolveSecrets(parsed), clock, now: dispatcherNow });

  const dispatcher = createDispatcher(db, { subscribers: [service.subscriber], now: dispatcherNow, random: () => 0.5, maxAttempts: 5 });

  /** Delivers until nothing is due; `advanceMs` moves the dispatcher's clock between rounds. */
  async function deliverAll(advanceMs = 0) {
    const totals = { delivered: 0, retried: 0, dead: 0 };
    for (let round = 0; round < 200; round++) {
      const result = await dispatcher.runOnce();
      totals.delivered += result.delivered;
      totals.retried += result.retried;
      totals.dead += result.dead;
      if (result.claimed === 0) {
        if (!advanceMs) return totals;
        const due = await db.delivery.count({ where: { subscriber: "notion", status: "pending" } });
        if (!due) return totals;
        skippedMs += advanceMs;
      }
    }
    throw new Error("deliverAll did not settle");
  }

  return {
    clock,
    fake,
    service,
    env: parsed,
    dispatcher,
    deliverAll,
    advanceDispatcher: (ms: number) => (skippedMs += ms),
    dispatcherNow,
  };
}

/**
 * A test file's own database for the Notion mirror, each test starting from an empty outbox
 * (every test's dispatcher delivers all that is due). `connectedVendor` makes a workspace with a
 * customer, connected to a database Remit created in a fresh fake Notion, whose requests so far
 * are forgotten.
 */
export function mirrorDatabase() {
  const file = fileDatabase("mirrorDatabase");
  beforeEach(async () => {
    await file.db.delivery.deleteMany();
  });
  return Object.assign(file, {
    async connectedVendor(workspace: Partial<WorkspaceInput> = {}) {
      const db = file.db;
      const bed = notionTestbed(file.database);
      const { workspace: vendor, customer } = await aVendor(db, workspace);
      const { dataSourceId } = await bed.service.connect(vendor.id, { token: notionToken, target: { parentPage: bed.fake.addParentPage([notionToken]) } });
      bed.fake.requests.length = 0;
      const rows = () => bed.fake.pages(dataSourceId) as Record<string, unknown>[];
      return { ...bed, db, workspace: vendor, customer, dataSourceId, rows, rowOf: (id: string) => rows().find((row) => row["Remit ID"] === id) };
    },
  });
}
