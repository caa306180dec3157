import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Db } from "#app/platform/db/database.server.ts";
import type { Tx } from "./outbox/outbox.server.ts";

/** AES-256-GCM with a random nonce: "v1.<nonce>.<tag>.<ciphertext>", base64url parts. */
export function encryptSecret(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", nonce, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function decryptSecret(key: Buffer, sealed: string): string {
  const [version, nonce, tag, body] = sealed.split(".");
  if (version !== "v1" || !nonce || !tag || body === undefined) throw new Error("Unreadable credential (unknown format).");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** Stores an integration's secrets for a workspace, encrypted; replaces what was there. */
export async function saveCredential(db: Tx, key: Buffer, workspaceId: string, provider: string, value: unknown): Promise<void> {
  const ciphertext = encryptSecret(key, JSON.stringify(value));
  await db.credential.upsert({
    where: { workspaceId_provider: { workspaceId, provider } },
    create: { workspaceId, provider, ciphertext },
    update: { ciphertext },
  });
}

/** Reads and validates an integration's secrets with its own schema; null when none are stored. */
export async function readCredential<Schema extends z.ZodType>(
  db: Db,
  key: Buffer,
  workspaceId: string,
  provider: string,
  schema: Schema,
): Promise<z.infer<Schema> | null> {
  const row = await db.credential.findUnique({ where: { workspaceId_provider: { workspaceId, provider } } });
  if (!row) return null;
  return schema.parse(JSON.parse(decryptSecret(key, row.ciphertext)));
}

export async function deleteCredential(db: Db, workspaceId: string, provider: string): Promise<void> {
  await db.credential.deleteMany({ where: { workspaceId, provider } });
}
