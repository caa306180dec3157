import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { Env } from "#app/platform/config/env.server.ts";
import { openDatabase, type Database, type SqlSession } from "#app/platform/db/database.server.ts";
import { migrate, requireMigrated } from "#app/platform/db/migrate.server.ts";
import { countRows, quoted, tablesInOrder } from "#app/platform/db/tables.server.ts";
import { Refused } from "./refused.ts";

/**
 * `remit move --to postgresql://…`: every row of the embedded database (DATA_DIR) into an empty
 * PostgreSQL database, in one transaction, verified table by table before it commits; the keys
 * the embedded database generated go with it, so every portal link keeps working.
 */

const batchRows = 500;
const keysFileName = "postgresql.env";

const generatedSecrets = z.object({ portalSigningKeys: z.string(), encryptionKey: z.string() });

/** Where the target database is, for words (never with its password). */
function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

async function copyTable(from: SqlSession, to: SqlSession, table: string): Promise<void> {
  for (let offset = 0; ; offset += batchRows) {
    // JSON text both ways: every type (bytea, arrays, jsonb, bigint) round-trips through PostgreSQL's own conversions.
    const [batch] = await from.query<{ rows: string; count: number }>(
      `SELECT coalesce(json_agg(page)::text, '[]') AS rows, count(*)::int AS count FROM (SELECT * FROM ${quoted(table)} ORDER BY ctid LIMIT ${batchRows} OFFSET ${offset}) AS page`,
    );
    if (!batch || batch.count === 0) return;
    await to.query(`INSERT INTO ${quoted(table)} SELECT * FROM json_populate_recordset(NULL::${quoted(table)}, $1::json)`, [batch.rows]);
    if (batch.count < batchRows) return;
  }
}

/** Sequences (autoincrement columns) continue after the highest value copied. */
async function advanceSequences(session: SqlSession): Promise<void> {
  const columns = await session.query<{ table: string; column: string }>(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
  );
  for (const { table, column } of columns) {
    await session.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quoted(column)}) FROM ${quoted(table)}), 1), (SELECT count(*) > 0 FROM ${quoted(table)}))`,
      [quoted(table), column],
    );
  }
}

function keysFor(env: Env): { file: string; lines: string[] } | null {
  const file = join(resolve(env.DATA_DIR), "secrets.json");
  if (!existsSync(file)) return null;
  const secrets = generatedSecrets.parse(JSON.parse(readFileSync(file, "utf8")));
  return { file, lines: [`PORTAL_SIGNING_KEYS=${secrets.portalSigningKeys}`, `ENCRYPTION_KEY=${secrets.encryptionKey}`] };
}

export async function move(env: Env, to: string): Promise<string[]> {
  if (env.DATABASE_URL) throw new Refused("remit move reads the embedded database in DATA_DIR: unset DATABASE_URL and name the PostgreSQL database with --to.");
  if (!/^postgres(ql)?:\/\//.test(to)) throw new Refused("--to must be a PostgreSQL URL: postgresql://user:password@host:5432/database");
  if (!existsSync(join(resolve(env.DATA_DIR), "PG_VERSION")))
    throw new Refused(`There is no embedded database in ${resolve(env.DATA_DIR)} (DATA_DIR) to move.`);
  const where = describe(to);
  const source = await openDatabase({ dataDir: env.DATA_DIR });
  let target: Database | null = null;
  try {
    await requireMigrated(source);
    target = await openDatabase({ databaseUrl: to, dataDir: "", startTimeoutMs: 0 });
    await migrate(target);
    const tables = await source.withSession(tablesInOrder);
    const expected = await source.withSession((session) => countRows(session, tables));
    const moved = await target.withSession(async (session) => {
      const present = [...(await countRows(session, tables))].filter(([, count]) => count > 0);
      if (present.length) {
        const listed = present.map(([table, count]) => `${table} ${count}`).join(", ");
        throw new Refused(`The database ${where} is not empty (${listed}): move needs an empty database. Nothing was copied.`);
      }
      await session.exec("BEGIN");
      try {
        // Rows are copied as they are: what the database's own triggers keep (portal versions,
        // paying records: decisions 115, 175) is already in the copied rows, and would be counted twice.
        for (const table of tables) await session.exec(`ALTER TABLE ${quoted(table)} DISABLE TRIGGER USER`);
        await source.withSession(async (from) => {
          for (const table of tables) await copyTable(from, session, table);
        });
        for (const table of tables) await session.exec(`ALTER TABLE ${quoted(table)} ENABLE TRIGGER USER`);
        await advanceSequences(session);
        const copied = await countRows(session, tables);
        const differing = tables.filter((table) => copied.get(table) !== expected.get(table));
        if (differing.length) {
          const listed = differing.map((table) => `${table}: ${expected.get(table)} here, ${copied.get(table)} there`).join("; ");
          throw new Refused(`The copy did not match (${listed}); it was rolled back, ${where} is empty again.`);
        }
        await session.exec("COMMIT");
        return copied;
      } catch (error) {
        await session.exec("ROLLBACK");
        throw error;
      }
    });
    const rows = [...moved.values()].reduce((sum, count) => sum + count, 0);
    const lines = [`Moved ${rows} rows in ${tables.length} tables to ${where}; every table's count matches:`];
    for (const table of tables) lines.push(`  ${table.padEnd(20)} ${moved.get(table)}`);
    const keys = keysFor(env);
    if (keys) {
      const keysFile = join(resolve(env.DATA_DIR), keysFileName);
      writeFileSync(keysFile, `${[`DATABASE_URL=${to}`, ...keys.lines].join("\n")}\n`, { mode: 0o600 });
      lines.push(
        `The keys that sign portal links and encrypt integration tokens were generated into ${keys.file}.`,
        `Start every instance with the variables in ${keysFile} (DATABASE_URL, PORTAL_SIGNING_KEYS, ENCRYPTION_KEY): with them, every link issued so far keeps working.`,
        "Keep that file as secret as the database, and keep DATA_DIR until the new deployment runs.",
      );
    } else {
      lines.push("Start every instance with DATABASE_URL set to the new database and the same PORTAL_SIGNING_KEYS and ENCRYPTION_KEY as now.");
    }
    return lines;
  } finally {
    await target?.close();
    await source.close();
  }
}
