import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { setLogLevel } from "#app/platform/config/log.server.ts";
import { mswServer } from "./msw/server.ts";

setLogLevel("silent");

// Any request to a host no handler mocks fails the test: nothing leaves the machine.
beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

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
