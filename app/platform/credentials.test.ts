import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aWorkspace } from "#tests/fixtures.ts";
import { decryptSecret, encryptSecret, readCredential, saveCredential } from "./credentials.server.ts";

let database: Database;
withTestDatabase((opened) => (database = opened));

const key = randomBytes(32);

it("stores credentials encrypted and reads them back through the integration's schema", async () => {
  const db = database.prisma;
  const workspace = await aWorkspace(db);
  await saveCredential(db, key, workspace.id, "notion", { token: "secret_abc123" });
  const row = await db.credential.findFirstOrThrow({ where: { workspaceId: workspace.id } });
  expect(row.ciphertext).not.toContain("secret_abc123");
  expect(await readCredential(db, key, workspace.id, "notion", z.object({ token: z.string() }))).toEqual({ token: "secret_abc123" });
  await expect(readCredential(db, key, workspace.id, "notion", z.object({ botToken: z.string() }))).rejects.toThrow();
  expect(await readCredential(db, key, workspace.id, "slack", z.object({}))).toBeNull();
});

it("refuses a tampered ciphertext or the wrong key", () => {
  const sealed = encryptSecret(key, "hello");
  expect(decryptSecret(key, sealed)).toBe("hello");
  expect(encryptSecret(key, "hello")).not.toBe(sealed);
  const [v, nonce, tag, body] = sealed.split(".");
  const flipped = Buffer.from(body!, "base64url");
  flipped[0]! ^= 1;
  expect(() => decryptSecret(key, [v, nonce, tag, flipped.toString("base64url")].join("."))).toThrow();
  expect(() => decryptSecret(randomBytes(32), sealed)).toThrow();
});
