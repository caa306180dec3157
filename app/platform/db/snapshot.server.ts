import { PGlite } from "@electric-sql/pglite";
import { acquireDataDirLock } from "./data-dir-lock.server.ts";
import { createPrivateDir, restrictTree } from "./private-files.server.ts";

/**
 * Makes `dataDir` (which must hold no database yet) the embedded database a snapshot
 * (`Database.snapshot`) copied, holding the data directory's lock meanwhile.
 */
export async function restoreSnapshot(dataDir: string, snapshot: Uint8Array): Promise<void> {
  createPrivateDir(dataDir);
  const release = acquireDataDirLock(dataDir);
  try {
    const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([snapshot as Uint8Array<ArrayBuffer>]) });
    const exitCode = process.exitCode;
    await pglite.close();
    process.exitCode = exitCode; // PGlite's close() resets it
    restrictTree(dataDir);
  } finally {
    release();
  }
}
