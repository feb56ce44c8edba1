import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "stacks/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "**/.sst/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // CI also writes the results as JSON, for the plain "N passed, N failed" line .ci/run prints.
    reporters: process.env.CI
      ? [
          "default",
          ["json", { outputFile: `dist/test-results/${process.env.MEDPIPE_TEST_TIER ?? "main"}.json` }],
        ]
      : ["default"],
  },
});
