import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkHealth } from "#app/db/health.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  const health = await checkHealth(context.app.database, context.app.version);
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
