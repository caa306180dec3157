// The embedded database in containers, where Remit is PID 1 in its own PID namespace (made here
// with `unshare`, as a container runtime does): after `kill -9` a restart opens the data
// directory again at once, and a second "container" on the same volume never opens it while the
// first runs: of the writes the first acknowledged, none is lost.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { http, passthrough } from "msw";
import { expect, it, onTestFinished } from "vitest";
import { openDatabase } from "#app/platform/db/database.server.ts";
import { sharedDatabase } from "#tests/database.ts";
import { mswServer } from "#tests/msw/server.ts";
import { seedPortal, startRemit, type RemitProcess } from "#tests/remit-process.ts";

const serverUrl = process.env.TEST_DATABASE_URL;
/** A fresh PID namespace with Remit as its PID 1 (needs root, as a container runtime has). */
const container = ["unshare", "--pid", "--fork", "--mount-proc"];
const canUnshare = spawnSync(container[0]!, [...container.slice(1), "true"]).status === 0;

/** The Remit process inside the namespace: the unshare process's only child. */
function pidOne(remit: RemitProcess): number {
  const children = readFileSync(`/proc/${remit.child.pid}/task/${remit.child.pid}/children`, "utf8").trim().split(/\s+/);
  expect(children).toHaveLength(1);
  const pid = Number(children[0]);
  expect(readFileSync(`/proc/${pid}/status`, "utf8")).toMatch(/^NSpid:\s+\d+\s+1$/m);
  return pid;
}

it.runIf(!serverUrl && canUnshare)(
  "as PID 1: restarts after kill -9, and a second container on the same data directory is refused",
  async () => {
    mswServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
    const dataDir = await sharedDatabase();
    const { portalPath, invoiceIds } = await seedPortal(dataDir);
    const start = async () => {
      const remit = await startRemit({ DATA_DIR: dataDir }, { wrapper: container });
      // unshare does not pass signals on: stop the Remit inside, and unshare ends with it.
      onTestFinished(() => stop(remit));
      return remit;
    };
    const stop = async (remit: RemitProcess) => {
      if (remit.child.exitCode !== null || remit.child.signalCode !== null) return;
      process.kill(pidOne(remit), "SIGTERM");
      await remit.exited;
    };

    const first = await start();
    await first.healthy();
    const firstPid = pidOne(first);

    // A second container on the same volume while the first runs: refused, in words, at once.
    const second = await start();
    const refused = await second.exited;
    expect(refused.code).toBe(1);
    expect(second.lines.join("\n")).toContain(`The embedded database in ${dataDir} is in use by another Remit process (pid 1 on `);
    // The first never noticed: it still serves, and every download it acknowledges is recorded.
    const browser = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36" };
    const downloads = 10;
    for (let i = 0; i < downloads; i++) {
      const response = await fetch(`${first.url}${portalPath}/invoices/${invoiceIds[i % invoiceIds.length]}/pdf`, { headers: browser });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }

    // kill -9 the first (PID 1 in its namespace): nothing is left behind that blocks a restart.
    process.kill(firstPid, "SIGKILL");
    await first.exited;
    const restarted = await start();
    await restarted.healthy();
    pidOne(restarted);
    expect((await fetch(`${restarted.url}${portalPath}`)).status).toBe(200);
    await stop(restarted);

    const database = await openDatabase({ dataDir });
    onTestFinished(() => database.close());
    expect(await database.prisma.invoice.count()).toBe(invoiceIds.length);
    expect(await database.prisma.activityEvent.count({ where: { kind: "pdf_downloaded" } }), "acknowledged writes kept").toBe(downloads);
  },
  300_000,
);
