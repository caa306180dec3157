import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: [{ find: /^#(.*)$/, replacement: `${import.meta.dirname}/$1` }] },
  test: {
    globals: true,
    include: ["app/**/*.test.ts", "integrations/**/*.test.ts", "server/**/*.test.ts", "prisma/**/*.test.ts", "tests/integration/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    // `expect.poll` gives up after 1 s by default: too short on a loaded machine; a poll still ends as soon as it passes.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
  },
});
