import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["core/**/*.test.ts", "test/**/*.test.ts", "renderer/**/*.test.ts"],
    // A throwaway PostgreSQL server for the Postgres store (or CHRONOGRAPH_TEST_PG_URL's own).
    globalSetup: ["test/support/postgres.ts"],
    // The crash test spawns child processes; two cores are all we have.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for an outcome; its 1 s default is a wall-clock deadline a loaded machine can miss.
    expect: { poll: { timeout: 15_000 } },
  },
});
