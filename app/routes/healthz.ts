import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { unavailableRetryAfterSeconds } from "#app/platform/db/database-errors.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  const { error, ...health } = await context.app.health.current();
  if (error !== undefined) log.warn("Health check failed", { error: errorMessage(error), latencyMs: health.database.latencyMs });
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store", ...(health.status === "ok" ? {} : { "Retry-After": String(unavailableRetryAfterSeconds) }) },
  });
}
