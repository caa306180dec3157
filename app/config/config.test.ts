import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv, publicUrl } from "./env.server.ts";
import { resolveSecrets } from "./secrets.server.ts";

describe("configuration", () => {
  it("has defaults that run with no setup", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", DATA_DIR: "./data", DEMO: true, PORTAL_LINK_TTL_DAYS: 90 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(publicUrl(env)).toBe("http://localhost:3000");
    expect(publicUrl(parseEnv({ PUBLIC_URL: "https://billing.example.com/" }))).toBe("https://billing.example.com");
    expect(parseEnv({ DEMO: "off" }).DEMO).toBe(false);
  });

  it("names each bad variable and says what it expects", () => {
    expect(() => parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", PUBLIC_URL: "ftp://x" })).toThrow(
      /Invalid configuration:\n {2}PORT: .*\n {2}PUBLIC_URL: PUBLIC_URL must be an http\(s\) URL.*\n {2}DATABASE_URL: DATABASE_URL must start with postgresql:\/\//,
    );
  });

  it("generates and keeps secrets for the embedded database, readable only by the owner", () => {
    const dir = mkdtempSync(join(tmpdir(), "remit-secrets-"));
    const first = resolveSecrets(parseEnv({ DATA_DIR: dir }));
    const again = resolveSecrets(parseEnv({ DATA_DIR: dir }));
    expect(again).toEqual(first);
    expect(first.encryptionKey).toHaveLength(32);
    expect(statSync(join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "secrets.json"), "utf8")).toContain('"portalSigningKeys": "k1:');
  });

  it("requires shared secrets with PostgreSQL and checks their shape", () => {
    expect(() => resolveSecrets(parseEnv({ DATABASE_URL: "postgresql://db/remit" }))).toThrow("must be set when DATABASE_URL is set");
    expect(() => resolveSecrets(parseEnv({ PORTAL_SIGNING_KEYS: "k1:short", ENCRYPTION_KEY: "e".repeat(40) }))).toThrow('key "k1" is too short');
    expect(() => resolveSecrets(parseEnv({ PORTAL_SIGNING_KEYS: `nokid${"x".repeat(40)}`, ENCRYPTION_KEY: "e".repeat(40) }))).toThrow("must look like");
    const keys = resolveSecrets(parseEnv({ PORTAL_SIGNING_KEYS: `new:${"n".repeat(40)},old:${"o".repeat(40)}`, ENCRYPTION_KEY: "e".repeat(40) }));
    expect(keys.signingKeys.map((key) => key.kid)).toEqual(["new", "old"]);
  });
});
