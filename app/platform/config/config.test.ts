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

  it("trusts a number of proxy hops or a list of proxy addresses, never any forwarded address", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "off" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "10.0.0.5, 192.168.0.0/16,loopback,::1" }).TRUST_PROXY).toEqual(["10.0.0.5", "192.168.0.0/16", "loopback", "::1"]);
    expect(() => parseEnv({ TRUST_PROXY: "on" })).toThrow(/TRUST_PROXY: "on" trusted any X-Forwarded-For .*\(TRUST_PROXY=1 for one reverse proxy\)/);
    expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/trusted any X-Forwarded-For/);
    for (const bad of ["10.0.0.300", "10.0.0.0/33", "proxy.internal", "11", "-1"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY takes off, a number of proxy hops/);
    }
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
