// Reading a V8 CPU profile (`--cpu-prof`): the CPU of its last milliseconds, by package and by function.
import { readFileSync } from "node:fs";
import { z } from "zod";

const profileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string() }) })),
  startTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** Who a sampled function belongs to: its npm package, Remit's build, Node.js, or PGlite's WebAssembly. */
function packageOf(frame: { url: string; functionName: string }): string {
  const npmPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1];
  if (npmPackage) return npmPackage;
  if (frame.url.includes("/build/")) return "Remit";
  if (frame.url.startsWith("node:")) return "Node.js";
  if (frame.url.startsWith("wasm")) return "WebAssembly (PGlite)";
  return frame.url || frame.functionName;
}

/**
 * The CPU a profile's last `lastMs` milliseconds spent (idle excluded), per `units` (requests,
 * events), and the shares of the top packages and functions, as printable lines.
 */
export function summariseProfile(file: string, lastMs: number, units: number, unitName: string): string {
  const profile = profileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const times: number[] = [];
  for (let i = 0, at = profile.startTime; i < profile.samples.length; i++) times.push((at += profile.timeDeltas[i] ?? 0));
  const from = (times.at(-1) ?? 0) - lastMs * 1000;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]!)!;
    if (times[i]! < from || frame.functionName === "(idle)") continue;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const where = packageOf(frame);
    packages.set(where, (packages.get(where) ?? 0) + ms);
    const name = `${frame.functionName || "(anonymous)"} — ${where}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join("\n");
  return `${(total / units).toFixed(1)} ms of CPU per ${unitName}, by package:\n${top(packages, 15)}\n\nBy function:\n${top(functions, 25)}`;
}
