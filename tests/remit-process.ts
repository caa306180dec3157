import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { parseEnv } from "#app/platform/config/env.server.ts";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import { migrate } from "#app/platform/db/migrate.server.ts";
import { issuePortalToken } from "#app/portal/access.server.ts";
import { root } from "#bench/lib/processes.ts";
import { testSecrets } from "#tests/app.ts";
import { openShared } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

export interface RemitProcess {
  child: ChildProcess;
  url: string;
  /** Every line the process wrote, standard output and error. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until /healthz answers 200. */
  healthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `remit <command>` from the production build as its own process (optionally inside
 * `wrapper`, such as `unshare` for a container's PID namespace), collecting what it writes.
 */
export async function startRemit(env: Record<string, string>, options: { command?: string[]; wrapper?: string[] } = {}): Promise<RemitProcess> {
  const port = env.PORT ?? String(await freePort());
  const wrapper = options.wrapper ?? [];
  const args = [...wrapper, process.execPath, "bin/remit.js", ...(options.command ?? ["serve"])];
  const child = spawn(args[0]!, args.slice(1), {
    cwd: root,
    env: { ...process.env, ...testSecrets, DEMO: "off", LOG_LEVEL: "info", HOST: "127.0.0.1", PORT: port, PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = "";
    stream.on("data", (chunk: Buffer) => {
      const parts = (rest + chunk.toString("utf8")).split("\n");
      rest = parts.pop() ?? "";
      lines.push(...parts.filter(Boolean));
    });
    stream.on("end", () => rest && lines.push(rest));
  };
  collect(child.stdout!);
  collect(child.stderr!);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    lines,
    exited,
    async healthy(timeoutMs = 90_000) {
      await waitFor(
        `${url}/healthz`,
        async () => {
          if (gone) throw new Error(`remit exited before serving:\n${lines.join("\n")}`);
          return fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
            (r) => r.ok,
            () => false,
          );
        },
        timeoutMs,
      );
    },
    async stop() {
      if (gone) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A migrated database (a URL or a data directory, as `sharedDatabase` names it) with one vendor, a few invoices, and a working portal path for its customer. */
export async function seedPortal(target: string): Promise<{ portalPath: string; invoiceIds: string[] }> {
  const database = await openShared(target);
  try {
    await migrate(database);
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { defaultCurrency: "USD", timezone: "UTC" });
    const invoiceIds: string[] = [];
    for (let i = 0; i < 5; i++) invoiceIds.push((await anInvoice(db, workspace.id, customer.id, { dueDate: "2027-06-30" })).id);
    const { signingKeys } = resolveSecrets(parseEnv({ ...testSecrets }));
    const { token } = await issuePortalToken(db, signingKeys, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 1 }, new Date());
    return { portalPath: `/p/${token}`, invoiceIds };
  } finally {
    await database.close();
  }
}
