// Notion backfill benchmark: `remit notion backfill` of BENCH_NOTION_INVOICES invoices (1,000)
// against a fake Notion on loopback that enforces 3 requests/s per token with 429 + Retry-After.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFakeNotion, notionApiUrl } from "#tests/msw/notion.ts";
import { notionRateLimit } from "#tests/msw/notion-rate-limit.ts";
import { serveOnLoopback } from "#tests/msw/loopback.ts";
import type { Recorder } from "./lib/measurement.ts";
import { runNode, runScript } from "./lib/processes.ts";

const token = "ntn_bench_secret_1234567890";
const perSecond = 3;

export async function notionBackfill(record: Recorder): Promise<void> {
  const invoices = Number(process.env.BENCH_NOTION_INVOICES ?? 1000);
  const fake = createFakeNotion({ baseUrl: notionApiUrl });
  fake.addToken(token);
  const limit = notionRateLimit(perSecond);
  const notion = await serveOnLoopback(fake.handlers, { origin: notionApiUrl, before: (request) => limit.gate(request) });
  const dataDir = mkdtempSync(join(tmpdir(), "remit-bench-"));
  const env = { DATA_DIR: dataDir, DEMO: "off", LOG_LEVEL: "warn", NOTION_API_URL: notion.url, NOTION_REQUESTS_PER_SECOND: String(perSecond) };
  try {
    const seed = JSON.parse(await runScript("bench/lib/seed-notion.ts", [String(invoices), token, fake.addParentPage([token])], env)) as {
      workspaceId: string;
      dataSourceId: string;
    };
    const before = { requests: fake.requests.length, refused: limit.refused };
    const started = performance.now();
    await runNode(["bin/remit.js", "notion", "backfill", "--workspace", seed.workspaceId], env);
    const elapsed = (performance.now() - started) / 1000;
    const requests = fake.requests.length - before.requests;
    const refused = limit.refused - before.refused;
    const pages = fake.pages(seed.dataSourceId).length;
    if (pages !== invoices) throw new Error(`The backfill left ${pages} pages for ${invoices} invoices`);
    const bound = requests / perSecond;
    const ratio = Math.round((elapsed / bound) * 100) / 100;
    record({
      name: `Notion backfill of ${invoices} invoices at ${perSecond} requests/s: total time`,
      value: Math.round(elapsed),
      unit: "s",
      note: `${requests} requests (${Math.round((requests / invoices) * 100) / 100} per invoice), ${refused} answered 429`,
    });
    record({ name: "Notion backfill time relative to its requests / 3 s", value: ratio, unit: "×", target: "≤ 1.05×", met: ratio <= 1.05 });
    record({
      name: `Notion backfill time relative to ${invoices} invoices / 3 s`,
      value: Math.round((elapsed / (invoices / perSecond)) * 100) / 100,
      unit: "×",
      note: "one lookup by Remit ID before each new page",
    });
  } finally {
    await notion.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
