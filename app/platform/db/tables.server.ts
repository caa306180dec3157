import type { SqlSession } from "./database.server.ts";

/**
 * The application's tables (all but the migrations' bookkeeping), parents before children, so
 * rows can be copied in this order with every foreign key already satisfied.
 */
export async function tablesInOrder(session: SqlSession): Promise<string[]> {
  const tables = (
    await session.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
    )
  ).map((row) => row.name);
  const references = await session.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
     FROM pg_constraint AS c
     JOIN pg_class AS child ON child.oid = c.conrelid
     JOIN pg_class AS parent ON parent.oid = c.confrelid
     JOIN pg_namespace AS n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return;
    path.add(table);
    for (const { parent } of references.filter((reference) => reference.child === table)) visit(parent, path);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/** Rows per table, exactly. */
export async function countRows(session: SqlSession, tables: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const [row] = await session.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${quoted(table)}`);
    counts.set(table, row?.count ?? 0);
  }
  return counts;
}

/** A table name as an SQL identifier. */
export function quoted(table: string): string {
  return `"${table.replaceAll('"', '""')}"`;
}
