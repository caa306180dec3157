import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listeningApplication, type Database } from "#app/platform/db/database.server.ts";
import { createTestDatabase, usingPostgresServer } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { issuePortalToken, revokePortalLinks, verifyPortalToken } from "./access.server.ts";
import { KeptLinkStates, linkStatesIn } from "./link-states.server.ts";

let database: Database;
let states: KeptLinkStates;
let stopHearing: () => Promise<void>;
beforeAll(async () => {
  database = await createTestDatabase();
  states = new KeptLinkStates(database.prisma);
  stopHearing = await states.listenTo(database);
  await vi.waitFor(() => expect(states.hearing).toBe(true), { timeout: 10_000 });
});
afterAll(async () => {
  await stopHearing();
  await database.close();
});

/** Changes a customer's link version as nothing in Remit can: with the triggers (and so the notices) off. */
async function changeUnannounced(customerId: string): Promise<void> {
  await database.withSession((session) =>
    session.exec(
      `BEGIN; SET LOCAL session_replication_role = replica; UPDATE "Customer" SET "portalTokenVersion" = "portalTokenVersion" + 100 WHERE "id" = '${customerId}'; COMMIT;`,
    ),
  );
}

async function kept(customerId: string, workspaceId: string) {
  return (await states.read(customerId, workspaceId))?.portalTokenVersion;
}

describe("link states kept while the database announces no change", () => {
  it("answers a second read from memory: a change made without a notice is not seen", async () => {
    const { workspace, customer } = await aVendor(database.prisma);
    const before = await kept(customer.id, workspace.id);
    await changeUnannounced(customer.id);
    expect(await kept(customer.id, workspace.id)).toBe(before);
    expect((await linkStatesIn(database.prisma).read(customer.id, workspace.id))?.portalTokenVersion).toBe(before! + 100);
  });

  it("forgets a customer when their links are revoked, their invoices change or their workspace changes", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const first = await states.read(customer.id, workspace.id);
    await revokePortalLinks(db, workspace.id, customer.id);
    await vi.waitFor(async () => expect(await kept(customer.id, workspace.id)).toBe(first!.portalTokenVersion + 1));

    const beforeInvoice = (await states.read(customer.id, workspace.id))!.portalVersion;
    await anInvoice(db, workspace.id, customer.id);
    await vi.waitFor(async () => expect((await states.read(customer.id, workspace.id))!.portalVersion).toBeGreaterThan(beforeInvoice));

    await db.workspace.update({ where: { id: workspace.id }, data: { timezone: "Asia/Tokyo" } });
    await vi.waitFor(async () => expect((await states.read(customer.id, workspace.id))!.workspace.timezone).toBe("Asia/Tokyo"));
  });

  it("forgets a deleted customer, and never keeps an answer for the wrong workspace", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const other = await aVendor(db);
    expect(await states.read(customer.id, workspace.id)).not.toBeNull();
    expect(await states.read(customer.id, other.workspace.id)).toBeNull();
    await db.customer.delete({ where: { id: customer.id } });
    await vi.waitFor(async () => expect(await states.read(customer.id, workspace.id)).toBeNull());
  });

  it("keeps nothing read while a notice arrived, nor while it cannot hear the database", async () => {
    const { workspace, customer } = await aVendor(database.prisma);
    const reading = kept(customer.id, workspace.id);
    states.notice(`Customer someone-else`);
    const before = await reading;
    await changeUnannounced(customer.id);
    expect(await kept(customer.id, workspace.id)).toBe(before! + 100);

    states.listening(false);
    await kept(customer.id, workspace.id);
    await changeUnannounced(customer.id);
    expect(await kept(customer.id, workspace.id)).toBe(before! + 200);
    states.listening(true);
  });

  it("remembers a verified token, and still finds it expired when its time is up, or revoked", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const keys = [{ kid: "k1", secret: new TextEncoder().encode("k".repeat(40)) }];
    const now = new Date("2026-11-21T12:00:00Z");
    const { token, expiresAt } = await issuePortalToken(db, keys, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 30 }, now);
    expect(states.verifiedClaims(token)).toBeUndefined();
    expect((await verifyPortalToken(db, keys, token, now, states)).ok).toBe(true);
    expect(states.verifiedClaims(token)).toMatchObject({ sub: customer.id, ws: workspace.id });
    expect((await verifyPortalToken(db, keys, token, new Date(expiresAt.getTime() - 1000), states)).ok).toBe(true);
    expect(await verifyPortalToken(db, keys, token, expiresAt, states)).toMatchObject({ ok: false, reason: "expired" });
    await revokePortalLinks(db, workspace.id, customer.id);
    await vi.waitFor(async () => expect(await verifyPortalToken(db, keys, token, now, states)).toMatchObject({ ok: false, reason: "revoked" }));
    // A token that never verified is never remembered.
    expect(await verifyPortalToken(db, keys, `${token}x`, now, states)).toEqual({ ok: false, reason: "invalid" });
    expect(states.verifiedClaims(`${token}x`)).toBeUndefined();
  });

  it.runIf(usingPostgresServer)("forgets everything when its listening connection is lost, and hears again after", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const before = await kept(customer.id, workspace.id);
    await changeUnannounced(customer.id);
    await db.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${listeningApplication} AND datname = current_database()`;
    await vi.waitFor(() => expect(states.hearing).toBe(false), { timeout: 10_000 });
    expect(await kept(customer.id, workspace.id)).toBe(before! + 100);
    await vi.waitFor(() => expect(states.hearing).toBe(true), { timeout: 10_000 });
    expect(await kept(customer.id, workspace.id)).toBe(before! + 100);
    await changeUnannounced(customer.id);
    expect(await kept(customer.id, workspace.id)).toBe(before! + 100);
    await revokePortalLinks(db, workspace.id, customer.id);
    await vi.waitFor(async () => expect(await kept(customer.id, workspace.id)).toBe(before! + 201));
  });
});
