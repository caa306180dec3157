import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { SigningKey } from "#app/platform/config/secrets.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { issuePortalToken, revokePortalLinks, verifyPortalToken } from "./access.server.ts";
import { testNow } from "#tests/clock.ts";

const oldKey: SigningKey = { kid: "old", secret: new TextEncoder().encode("o".repeat(40)) };
const newKey: SigningKey = { kid: "new", secret: new TextEncoder().encode("n".repeat(40)) };
const now = new Date("2026-11-21T12:00:00Z");

let database: Database;
withTestDatabase((opened) => (database = opened));

async function vendorWithLink(keys = [newKey], extra: { invoice?: boolean; preview?: boolean } = {}) {
  const db = database.prisma;
  const { workspace, customer } = await aVendor(db);
  const invoice = await anInvoice(db, workspace.id, customer.id);
  const { token, expiresAt } = await issuePortalToken(
    db,
    keys,
    { workspaceId: workspace.id, customerId: customer.id, invoiceId: extra.invoice ? invoice.id : null, preview: extra.preview, ttlDays: 90 },
    now,
  );
  return { db, workspace, customer, invoice, token, expiresAt };
}

describe("portal link tokens", () => {
  it("grants the customer of the workspace, with expiry, scope and preview flag", async () => {
    const { db, workspace, customer, invoice, token, expiresAt } = await vendorWithLink([newKey], { invoice: true, preview: true });
    expect(expiresAt.toISOString()).toBe("2027-02-19T12:00:00.000Z");
    const result = await verifyPortalToken(db, [newKey], token, now);
    expect(result).toEqual({
      ok: true,
      access: { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id, preview: true, expiresAt },
      // The customer's and the vendor's data versions, and the day in the vendor's timezone.
      dataVersion: expect.stringMatching(new RegExp(`^\\d+\\.\\d+\\.${now.toISOString().slice(0, 10)}$`)),
    });
  });

  it("rotates keys: a link signed by a retired-but-listed key still works; a dropped key does not", async () => {
    const { db, token } = await vendorWithLink([oldKey]);
    expect((await verifyPortalToken(db, [newKey, oldKey], token, now)).ok).toBe(true);
    expect(await verifyPortalToken(db, [newKey], token, now)).toEqual({ ok: false, reason: "invalid" });
  });

  it("says expired after the expiry, and whose link it was", async () => {
    const { db, token, customer } = await vendorWithLink();
    const later = new Date(now.getTime() + 91 * 86_400_000);
    expect(await verifyPortalToken(db, [newKey], token, later)).toEqual({
      ok: false,
      reason: "expired",
      lapsed: { workspaceId: customer.workspaceId, customerId: customer.id },
    });
  });

  it("says revoked once the customer's links are revoked, and a fresh link works", async () => {
    const { db, workspace, customer, token } = await vendorWithLink();
    await revokePortalLinks(db, workspace.id, customer.id);
    expect(await verifyPortalToken(db, [newKey], token, now)).toEqual({
      ok: false,
      reason: "revoked",
      lapsed: { workspaceId: workspace.id, customerId: customer.id },
    });
    const fresh = await issuePortalToken(db, [newKey], { workspaceId: workspace.id, customerId: customer.id, ttlDays: 1 }, now);
    expect((await verifyPortalToken(db, [newKey], fresh.token, now)).ok).toBe(true);
  });

  it("rejects tampered, forged, alg:none, wrong-audience and garbage tokens as invalid", async () => {
    const { db, workspace, customer, token } = await vendorWithLink();
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, sub: "someone-else" })).toString("base64url"), signature].join(".");
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: "new" }).sign(new TextEncoder().encode("x".repeat(40)));
    const none = new UnsecuredJWT(claims).encode();
    const forgedExpired = await new SignJWT({ ...claims, exp: 1 })
      .setProtectedHeader({ alg: "HS256", kid: "new" })
      .sign(new TextEncoder().encode("x".repeat(40)));
    const otherAudience = await new SignJWT({ ...claims, aud: "elsewhere" }).setProtectedHeader({ alg: "HS256", kid: "new" }).sign(newKey.secret);
    const otherWorkspace = await new SignJWT({ ...claims, ws: (await aVendor(db)).workspace.id })
      .setProtectedHeader({ alg: "HS256", kid: "new" })
      .sign(newKey.secret);
    for (const bad of [tampered, forged, forgedExpired, none, otherAudience, otherWorkspace, "not-a-token", ""]) {
      expect(await verifyPortalToken(db, [newKey], bad, now), bad).toEqual({ ok: false, reason: "invalid" });
    }
    expect(customer.workspaceId).toBe(workspace.id);
  });

  it("accepts a link only in its exact form: a trailing newline, space, padding or percent-escape is invalid", async () => {
    const { db, token } = await vendorWithLink();
    expect((await verifyPortalToken(db, [newKey], token, now)).ok).toBe(true);
    for (const bad of [`${token}\n`, `${token}\r\n`, ` ${token}`, `${token} `, `${token}=`, `${token}\t`, token.replace(".", ".\n")]) {
      expect(await verifyPortalToken(db, [newKey], bad, now), JSON.stringify(bad)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("never mints a link that outlives the one it is minted from", async () => {
    const { db, workspace, customer, invoice } = await vendorWithLink();
    const notAfter = new Date(now.getTime() + 2 * 60_000);
    const request = { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id, ttlDays: 1 };
    const capped = await issuePortalToken(db, [newKey], { ...request, notAfter }, now);
    expect(capped.expiresAt).toEqual(notAfter);
    const result = await verifyPortalToken(db, [newKey], capped.token, now);
    expect(result.ok && result.access.expiresAt).toEqual(notAfter);
    expect((await verifyPortalToken(db, [newKey], capped.token, new Date(notAfter.getTime() + 1000))).ok).toBe(false);
    const later = new Date(now.getTime() + 5 * 86_400_000);
    expect((await issuePortalToken(db, [newKey], { ...request, notAfter: later }, now)).expiresAt).toEqual(new Date(now.getTime() + 86_400_000));
  });

  it("refuses to issue a link for another workspace's customer or another customer's invoice", async () => {
    const mine = await vendorWithLink();
    const theirs = await vendorWithLink();
    await expect(issuePortalToken(mine.db, [newKey], { workspaceId: mine.workspace.id, customerId: theirs.customer.id, ttlDays: 1 }, testNow)).rejects.toThrow(
      "No such customer",
    );
    await expect(
      issuePortalToken(mine.db, [newKey], { workspaceId: mine.workspace.id, customerId: mine.customer.id, invoiceId: theirs.invoice.id, ttlDays: 1 }, testNow),
    ).rejects.toThrow("No such invoice");
  });
});
