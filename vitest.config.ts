import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "compiler/**/*.test.ts", "grammar/**/*.test.ts", "runtime/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: "forks",
    setupFiles: ["test/support/cleanup.ts"],
  },
});
