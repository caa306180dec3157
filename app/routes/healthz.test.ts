import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
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

it("answers 200 with the version and the database status", async () => {
  const response = await loader(routeArgs(app, "/healthz"));
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", version: app.version, database: { kind: app.database.kind, ok: true } });
});

it("answers 503 when the database is gone", async () => {
  const db = await createTestDatabase();
  const broken = { ...app, database: db };
  await db.close();
  const response = await loader(routeArgs(broken, "/healthz"));
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ status: "degraded", database: { ok: false } });
});
