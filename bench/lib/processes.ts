import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Runs Node with `args` to completion and returns its stdout. Asynchronous, so a fake service
 * served by this process keeps answering the child.
 */
export async function runNode(args: string[], env: Record<string, string>): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    throw new Error(`node ${args.join(" ")} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, { cause: error });
  }
}

/** Runs a TypeScript script to completion and returns its stdout. */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return runNode(["--import", "tsx", script, ...args], env);
}

export interface RunningServer {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the production server (`remit serve`) and waits until /healthz answers; `cpu` pins it
 * to one core (taskset), `nodeArgs` go to Node (`--cpu-prof`). `startedIn` is the milliseconds from spawning it to the first healthy answer.
 */
export async function startServer(
  env: Record<string, string>,
  options: { cpu?: number; nodeArgs?: string[] } = {},
): Promise<RunningServer & { startedIn: number }> {
  const started = performance.now();
  const command = options.cpu === undefined ? [process.execPath] : ["taskset", "-c", String(options.cpu), process.execPath];
  const child = spawn(command[0]!, [...command.slice(1), ...(options.nodeArgs ?? []), "bin/remit.js", "serve"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${env.PORT}`;
  let startedIn = Number.NaN;
  for (let i = 0; i < 2000; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) {
        startedIn = Math.round(performance.now() - started);
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  return {
    child,
    url,
    startedIn,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** CPU time a process has used so far, user and system, in milliseconds (Linux; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // After the command: state is field 3, utime field 14 and stime field 15 of the whole line.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process in MiB (Linux). */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Math.round(Number(line?.split(/\s+/)[1]) / 1024);
}

/** A bare node:http server in its own process answering every request with `response` (see bare-server.ts). */
export async function startBareServer(port: number, response: { status: number; headers: Record<string, string>; body: Buffer }): Promise<RunningServer> {
  const file = join(mkdtempSync(join(tmpdir(), "remit-bare-")), "response.json");
  writeFileSync(file, JSON.stringify({ ...response, body: response.body.toString("base64") }));
  const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/bare-server.ts", String(port), file], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`The bare server exited (${code})`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
