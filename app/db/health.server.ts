import type { Database } from "./database.server.ts";
import { errorMessage } from "#app/config/log.server.ts";

export interface Health {
  status: "ok" | "degraded";
  version: string;
  database: { kind: Database["kind"]; ok: boolean; latencyMs: number; error?: string };
}

export async function checkHealth(database: Database, version: string): Promise<Health> {
  const started = performance.now();
  try {
    await database.prisma.$queryRaw`SELECT 1`;
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { status: "ok", version, database: { kind: database.kind, ok: true, latencyMs } };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    return { status: "degraded", version, database: { kind: database.kind, ok: false, latencyMs, error: errorMessage(error) } };
  }
}
