import { expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aWorkspace } from "#tests/fixtures.ts";
import { updateWorkspaceSettings } from "./workspaces.server.ts";

let database: Database;
withTestDatabase((opened) => (database = opened));

it("updates workspace settings with clear messages, reminder days sorted and unique", async () => {
  const db = database.prisma;
  const workspace = await aWorkspace(db);
  const updated = await updateWorkspaceSettings(db, workspace.id, { reminderDays: [14, 1, 7, 7], alertChannelId: "C1", defaultCurrency: "eur" });
  expect(updated).toMatchObject({ reminderDays: [1, 7, 14], alertChannelId: "C1", defaultCurrency: "EUR" });
  await expect(updateWorkspaceSettings(db, workspace.id, { reminderDays: [0], paymentTermsDays: 400, alertChannelId: "" })).rejects.toMatchObject({
    issues: { "reminderDays.0": "Reminder days start at 1 (the first day late)", paymentTermsDays: "Payment terms must be at most 365 days" },
  });
  expect((await updateWorkspaceSettings(db, workspace.id, { alertChannelId: "" })).alertChannelId).toBeNull();
});

it("leaves what a partial change does not name as it was: renaming keeps the alert channel", async () => {
  const db = database.prisma;
  const workspace = await aWorkspace(db);
  await updateWorkspaceSettings(db, workspace.id, { alertChannelId: "C0ALERTS", legalName: "Studio Ltd" });
  expect(await updateWorkspaceSettings(db, workspace.id, { name: "Renamed Studio" })).toMatchObject({
    name: "Renamed Studio",
    alertChannelId: "C0ALERTS",
    legalName: "Studio Ltd",
  });
});
