import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The embedded database's directory is for its owner only. Directories Remit and PGlite create
 * are 0700 through the process umask; PGlite sets its files to 0666 itself, so every file is
 * set to 0600 when the database opens and when it closes (and files it adds meanwhile sit in
 * directories nobody else can enter).
 */
export function createPrivateDir(dir: string): void {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Owner-only modes for everything under `dir` (0700 directories, 0600 files; links untouched). */
export function restrictTree(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) chmodSync(join(entry.parentPath, entry.name), 0o700);
    else if (entry.isFile()) chmodSync(join(entry.parentPath, entry.name), 0o600);
  }
}
