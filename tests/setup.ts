import { afterEach, beforeEach, vi } from "vitest";
import { setLogLevel } from "#app/config/log.server.ts";

setLogLevel("silent");

// A console.error during a test is a bug somewhere: fail the test that caused it.
let errors: unknown[][] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (errors.length) throw new Error(`console.error was called: ${errors.map((args) => args.join(" ")).join("\n")}`);
});
