import { closeSync, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { tryLock, unlock } from "fs-native-extensions";

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * The directory is guarded by an advisory lock on `DATA_DIR/remit.lock`, held on an open file
 * for as long as the database is open. The operating system releases it when the process ends,
 * however it ends (kill -9 included), so nothing is ever left to clean up or taken over; a pid
 * cannot help, since in containers every process may be PID 1 (decision 071).
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, "remit.lock");
  const fd = openSync(file, "a+", 0o600);
  let granted = false;
  try {
    granted = tryLock(fd);
  } finally {
    if (!granted) closeSync(fd);
  }
  if (!granted) {
    const holder = readFileSync(file, "utf8").trim();
    throw new DataDirInUseError(
      `The embedded database in ${dataDir} is in use by another Remit process${holder ? ` (${holder})` : ""}. ` +
        "Stop it first, or point DATABASE_URL at a PostgreSQL server to run several processes.",
    );
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `pid ${process.pid} on ${hostname()} since ${new Date().toISOString()}\n`);
  rmSync(join(dataDir, "remit.pid"), { force: true }); // the pid file that earlier versions used as their lock
  return () => {
    unlock(fd);
    closeSync(fd);
  };
}
