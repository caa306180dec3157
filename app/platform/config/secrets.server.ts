import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { errors, jwtVerify } from "jose";
import { z } from "zod";
import { ConfigError, type Env } from "./env.server.ts";
import { log } from "./log.server.ts";

export interface SigningKey {
  kid: string;
  secret: Uint8Array;
}

/**
 * Verifies a token Remit signed (HS256) with one of `keys`, the one its header names, for
 * `audience` at `now`. Throws jose's errors: `JWTExpired` (its claims still verified) and the rest.
 */
export function verifySigned(keys: SigningKey[], token: string, audience: string, now: Date) {
  return jwtVerify(
    token,
    (header) => {
      const key = keys.find((candidate) => candidate.kid === header.kid);
      if (!key) throw new errors.JWKSNoMatchingKey();
      return key.secret;
    },
    { algorithms: ["HS256"], audience, currentDate: now },
  );
}

export interface Secrets {
  /** Every key verifies portal links; the first one signs new links. */
  signingKeys: SigningKey[];
  /** 32 bytes for AES-256-GCM: integration credentials at rest. */
  encryptionKey: Buffer;
}

const minSecretLength = 32;

function parseSigningKeys(value: string): SigningKey[] {
  const keys = value.split(",").map((entry, index) => {
    const separator = entry.indexOf(":");
    const kid = entry.slice(0, separator).trim();
    const secret = entry.slice(separator + 1).trim();
    if (separator < 1 || !/^[\w-]{1,32}$/.test(kid)) {
      throw new ConfigError(`PORTAL_SIGNING_KEYS entry ${index + 1} must look like "2026-11:<secret>" (a key id, a colon, a secret).`);
    }
    if (secret.length < minSecretLength) {
      throw new ConfigError(`PORTAL_SIGNING_KEYS key "${kid}" is too short: use at least ${minSecretLength} random characters (openssl rand -base64 32).`);
    }
    return { kid, secret: new TextEncoder().encode(secret) };
  });
  if (new Set(keys.map((key) => key.kid)).size !== keys.length) throw new ConfigError("PORTAL_SIGNING_KEYS has a repeated key id.");
  return keys;
}

function parseEncryptionKey(value: string): Buffer {
  if (value.length < minSecretLength) {
    throw new ConfigError(`ENCRYPTION_KEY is too short: use at least ${minSecretLength} random characters (openssl rand -base64 32).`);
  }
  return createHash("sha256").update(value).digest();
}

const generatedSecretsFile = z.object({ portalSigningKeys: z.string(), encryptionKey: z.string() });

/** Secrets generated once for the embedded database, kept beside it in DATA_DIR. */
function generatedSecrets(dataDir: string): z.infer<typeof generatedSecretsFile> {
  const file = join(resolve(dataDir), "secrets.json");
  if (existsSync(file)) return generatedSecretsFile.parse(JSON.parse(readFileSync(file, "utf8")));
  const secrets = {
    portalSigningKeys: `k1:${randomBytes(32).toString("base64url")}`,
    encryptionKey: randomBytes(32).toString("base64url"),
  };
  mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  log.info("Generated portal signing and encryption keys", { file });
  return secrets;
}

/**
 * Secrets come from the environment. Without them the embedded setup generates its own
 * (nothing to configure on a laptop); with PostgreSQL every instance must share the same
 * keys, so they are required.
 */
export function resolveSecrets(env: Env): Secrets {
  if (env.PORTAL_SIGNING_KEYS && env.ENCRYPTION_KEY) {
    return { signingKeys: parseSigningKeys(env.PORTAL_SIGNING_KEYS), encryptionKey: parseEncryptionKey(env.ENCRYPTION_KEY) };
  }
  if (env.DATABASE_URL) {
    throw new ConfigError(
      "PORTAL_SIGNING_KEYS and ENCRYPTION_KEY must be set when DATABASE_URL is set: every instance needs the same keys. " +
        'Generate each with: openssl rand -base64 32 (PORTAL_SIGNING_KEYS takes "keyid:secret").',
    );
  }
  const generated = generatedSecrets(env.DATA_DIR);
  return {
    signingKeys: parseSigningKeys(env.PORTAL_SIGNING_KEYS ?? generated.portalSigningKeys),
    encryptionKey: parseEncryptionKey(env.ENCRYPTION_KEY ?? generated.encryptionKey),
  };
}
