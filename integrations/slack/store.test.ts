import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aWorkspace } from "#tests/fixtures.ts";
import { workspaceForInstalledTeam, workspaceForOnlyTeam } from "./store.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("Slack teams and workspaces", () => {
  it("links the one team of a single-workspace setup to the operator's oldest workspace, never the demo", async () => {
    const db = database.prisma;
    await aWorkspace(db, { name: "Demo", isDemo: true });
    const own = await aWorkspace(db, { name: "Own" });
    await aWorkspace(db, { name: "Younger" });
    const linked = await Promise.all(Array.from({ length: 5 }, () => workspaceForOnlyTeam(db, { teamId: "T1", teamName: "acme" })));
    expect(new Set(linked.map((workspace) => workspace.id))).toEqual(new Set([own.id]));
    expect((await db.workspace.findUniqueOrThrow({ where: { id: own.id } })).slackTeamId).toBe("T1");
  });

  it("creates one workspace for a team when none is free, even for concurrent first requests", async () => {
    const db = database.prisma;
    await db.workspace.updateMany({ where: { slackTeamId: null, isDemo: false }, data: { isDemo: true } });
    const created = await Promise.all(Array.from({ length: 5 }, () => workspaceForOnlyTeam(db, { teamId: "T2", teamName: "globex" })));
    expect(new Set(created.map((workspace) => workspace.id)).size).toBe(1);
    expect(created[0]).toMatchObject({ name: "globex", slackTeamId: "T2" });
  });

  it("gives every OAuth install its own workspace and keeps it on reinstall", async () => {
    const db = database.prisma;
    const free = await aWorkspace(db, { name: "Someone's" });
    const first = await workspaceForInstalledTeam(db, { teamId: "T3", teamName: "Initech" });
    expect(first.id).not.toBe(free.id);
    expect(first).toMatchObject({ name: "Initech", slackTeamId: "T3" });
    expect((await workspaceForInstalledTeam(db, { teamId: "T3", teamName: "Initech renamed" })).id).toBe(first.id);
    expect((await workspaceForInstalledTeam(db, { teamId: "T4" })).name).toBe("Slack team T4");
  });
});
