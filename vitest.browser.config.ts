import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: [{ find: /^#(.*)$/, replacement: `${import.meta.dirname}/$1` }] },
  test: {
    include: ["tests/browser/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
