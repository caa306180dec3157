import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "./database.server.ts";
import { migrate } from "./migrate.server.ts";

const umask = process.umask();
afterAll(() => {
  process.umask(umask);
});

/** Every path under `dir` (itself included) with its permission bits. */
function modes(dir: string): Map<string, number> {
  const found = new Map([[dir, statSync(dir).mode & 0o777]]);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    found.set(path, statSync(path).mode & 0o777);
  }
  return found;
}

it("keeps DATA_DIR and everything PGlite writes in it for the owner only, also an existing directory left open to all", async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), "remit-private-")), "data");
  mkdirSync(dataDir, { mode: 0o777 });
  chmodSync(dataDir, 0o777);
  writeFileSync(join(dataDir, "left-over.txt"), "from an older Remit", { mode: 0o666 });
  chmodSync(join(dataDir, "left-over.txt"), 0o666);

  const database = await openDatabase({ dataDir });
  const whileOpen = modes(dataDir);
  expect(
    [...whileOpen].filter(([, mode]) => mode & 0o077),
    "nothing open to others while open",
  ).toEqual([]);
  await migrate(database);
  await database.prisma.workspace.create({ data: { name: "Private Studio", invoicePrefix: "P-" } });
  // Directories PGlite adds meanwhile are the owner's only, so nobody else reaches what is inside.
  const directories = [...modes(dataDir)].filter(([path]) => statSync(path).isDirectory());
  expect(directories.filter(([, mode]) => mode !== 0o700)).toEqual([]);
  await database.close();

  const atRest = modes(dataDir);
  expect(atRest.size).toBeGreaterThan(900);
  expect([...atRest].filter(([path, mode]) => mode !== (statSync(path).isDirectory() ? 0o700 : 0o600))).toEqual([]);
});
