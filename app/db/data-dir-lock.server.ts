import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * A pid file guards the directory; a file left by a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, "remit.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(file, "utf8"));
      if (Number.isInteger(owner) && (owner === process.pid || isRunning(owner))) {
        throw new DataDirInUseError(
          `The embedded database in ${dataDir} is in use by another Remit process (pid ${owner}). ` +
            "Stop it first, or point DATABASE_URL at a PostgreSQL server to run several processes.",
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock ${dataDir}.`);
}
