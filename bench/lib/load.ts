import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { z } from "zod";
import { root } from "./processes.ts";

const autocannonResult = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p50: z.number(), p99: z.number() }),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
  "2xx": z.number(),
  "3xx": z.number().optional(),
});

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
}

/**
 * A bounded load: `connections` keep-alive connections for `seconds`, via autocannon in its
 * own process (asynchronously, so a server in this process keeps serving).
 */
export async function load(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string>; expect3xx?: boolean; method?: "GET" | "POST"; body?: string },
): Promise<LoadResult> {
  const args = ["node_modules/autocannon/autocannon.js", "-c", String(options.connections), "-d", String(options.seconds), "--json"];
  if (options.method) args.push("-m", options.method);
  if (options.body !== undefined) args.push("-b", options.body);
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}=${value}`);
  const run = await promisify(execFile)(process.execPath, [...args, url], { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const result = autocannonResult.parse(JSON.parse(run.stdout));
  const ok = options.expect3xx ? (result["3xx"] ?? 0) : result["2xx"];
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failed: result.errors + result.timeouts + result.requests.total - ok,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
