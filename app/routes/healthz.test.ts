import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createHealthMonitor } from "#app/platform/db/health.server.ts";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { loader } from "./healthz.ts";

let app: AppContext;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase());
});
afterAll(async () => {
  await app.database.close();
});

it("answers 200 with the database status, and no version for strangers", async () => {
  const response = await loader(routeArgs(app, "/healthz"));
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: { kind: app.database.kind, ok: true } });
  expect(JSON.stringify(body)).not.toContain(app.version);
});

it("answers 503 with Retry-After and no internal error text when the database is gone", async () => {
  const db = await createTestDatabase();
  const broken = { ...app, database: db, health: createHealthMonitor(db) };
  await db.close();
  const response = await loader(routeArgs(broken, "/healthz"));
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe("5");
  const body = await response.json();
  expect(body).toEqual({ status: "unavailable", database: { kind: db.kind, ok: false, latencyMs: expect.any(Number) } });
});
