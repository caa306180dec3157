import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: [{ find: /^#(.*)$/, replacement: `${import.meta.dirname}/$1` }] },
  test: {
    globals: true,
    include: ["tests/resilience/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    pool: "forks",
    testTimeout: 180_000,
    // `expect.poll` gives up after 1 s by default: too short on a loaded machine; a poll still ends as soon as it passes.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
  },
});
