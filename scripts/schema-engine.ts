// Runs Prisma's schema engine as WebAssembly, with in-memory PGlite databases as the main
// and shadow database, so migrations can be authored and checked without the native
// schema-engine binary (which cannot be downloaded here) or a PostgreSQL server.
import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { messages, PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory, DriverAdapterError, type SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { DiffTarget, MigrationDirectory } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";

declare global {
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

export const MIGRATION_LOCK_FILE = "migration_lock.toml";

let engineLoaded = false;

// Node 20 cannot import a .wasm file as an ES module, so the package's entry point is
// unusable: instantiate the wasm ourselves and hand it to the package's JS glue.
// The wasm comes from the prisma CLI's build folder, built from the same engine commit
// as prisma@7.10.0 (the npm package's own wasm is a newer 8.1 build); the glue fits both.
function loadSchemaEngine(): typeof glue.SchemaEngine {
  if (!engineLoaded) {
    // The glue reports Rust panics through this global and crashes if it is missing.
    globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message) => process.stderr.write(`Schema engine panicked: ${message}\n`),
    };
    const prismaDir = path.dirname(createRequire(import.meta.url).resolve("prisma/package.json"));
    const wasm = readFileSync(path.join(prismaDir, "build", "schema_engine_bg.wasm"));
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(wasm), {
      "./schema_engine_bg.js": glue,
    });
    glue.__wbg_set_wasm(exports);
    const start = exports.__wbindgen_start;
    if (typeof start !== "function") throw new Error("schema_engine_bg.wasm has no __wbindgen_start");
    start();
    engineLoaded = true;
  }
  return glue.SchemaEngine;
}

// The engine logs one JSON object per line; only warnings and errors are worth showing.
function logEngineMessage(line: unknown): void {
  if (typeof line === "string" && /"level":"(WARN|ERROR)"/.test(line)) process.stderr.write(`schema engine: ${line}\n`);
}

async function readMigrations(migrationsDir: string): Promise<DiffTarget> {
  if (!existsSync(migrationsDir)) return { tag: "empty" };
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  // Sorted as app/platform/db/migrate.server.ts applies them.
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (directories.length === 0) return { tag: "empty" };

  // The engine reads nothing from disk: it gets every migration's SQL, as `prisma` does.
  const migrationDirectories = await Promise.all(
    directories.map(async (name): Promise<MigrationDirectory> => {
      const content = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: unknown) => ({ tag: "error" as const, value: String(error) }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  // Without the lockfile's `provider = "postgresql"` the engine refuses to replay migrations.
  const lockfile = await readFile(path.join(migrationsDir, MIGRATION_LOCK_FILE), "utf8").catch(() => null);
  return {
    tag: "migrations",
    baseDir: path.resolve(migrationsDir),
    shadowDbInitScript: "",
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockfile },
    migrationDirectories,
  };
}

/**
 * The SQL that would bring a database built from the migrations in `migrationsDir`
 * up to `schemaPath`. `hasDifference` is false when the migrations match the schema.
 */
export async function diffSchemaAgainstMigrations({
  schemaPath,
  migrationsDir,
}: {
  schemaPath: string;
  migrationsDir: string;
}): Promise<{ sql: string; hasDifference: boolean }> {
  const SchemaEngine = loadSchemaEngine();
  const schema = await readFile(schemaPath, "utf8");
  const from = await readMigrations(migrationsDir);

  const databases: PGlite[] = [];
  // Both the main and the shadow database are fresh in-memory PGlites that we close
  // ourselves: an open PGlite makes the process exit with code 99, and the adapter's own
  // connectToShadowDb opens one we could never close.
  const connect = async (): Promise<SqlDriverAdapter> => {
    const pg = new PGlite();
    databases.push(pg);
    const adapter = await new PrismaPGlite(pg).connect();
    // pglite-prisma-adapter 0.7.2's executeScript does not await pg.exec, so a failing
    // migration becomes an unhandled rejection that kills the process. Await it instead,
    // and pass PostgreSQL errors on as driver errors: the engine reports their message,
    // where any other error only shows as "External error id#0".
    adapter.executeScript = async (script) => {
      try {
        await pg.exec(script);
      } catch (error) {
        if (!(error instanceof messages.DatabaseError)) throw error;
        throw new DriverAdapterError({
          kind: "postgres",
          code: error.code ?? "",
          severity: error.severity ?? "ERROR",
          message: error.message,
          detail: error.detail,
          column: error.column,
          hint: error.hint,
        });
      }
    };
    return adapter;
  };
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect,
    connectToShadowDb: connect,
  });

  try {
    const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, logEngineMessage, factory);
    try {
      const result = await engine.diff({
        from,
        to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      });
      return { sql: result.stdout ?? "", hasDifference: result.exitCode === 2 };
    } finally {
      engine.free();
    }
  } finally {
    await Promise.all(databases.map((pg) => pg.close()));
  }
}
