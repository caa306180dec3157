import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { diffSchemaAgainstMigrations } from "../scripts/schema-engine.ts";

const schemaPath = path.join(import.meta.dirname, "schema.prisma");
const migrationsDir = path.join(import.meta.dirname, "migrations");

// Each diff replays the migrations on an in-memory PGlite through the WASM schema engine.
const timeout = 60_000;

test(
  "migrations produce exactly what schema.prisma describes",
  async () => {
    const { sql, hasDifference } = await diffSchemaAgainstMigrations({ schemaPath, migrationsDir });
    expect(hasDifference, `Run npx tsx scripts/migration.ts new <name>. Missing SQL:\n${sql}`).toBe(false);
  },
  timeout,
);

test(
  "a schema change without a migration is reported as drift",
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "remit-schema-"));
    try {
      const changedSchemaPath = path.join(dir, "schema.prisma");
      const schema = await readFile(schemaPath, "utf8");
      await writeFile(changedSchemaPath, `${schema}\nmodel DriftProbe {\n  id    Int    @id\n  label String\n}\n`);

      const { sql, hasDifference } = await diffSchemaAgainstMigrations({ schemaPath: changedSchemaPath, migrationsDir });

      expect(hasDifference).toBe(true);
      expect(sql).toContain('CREATE TABLE "DriftProbe"');
      expect(sql).toContain('"label" TEXT NOT NULL');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  timeout,
);
