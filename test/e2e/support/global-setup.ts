/**
 * Makes sure the built renderer the hosts serve (dist/renderer) is there and newer than its sources;
 * `npm test` builds first, but `npx playwright test` alone should not test a stale UI. Also starts the
 * throwaway PostgreSQL cluster the Postgres story connects to (test/support/postgres.ts's, or the
 * developer's own server named by CHRONOGRAPH_TEST_PG_URL) and hands its URL to the specs in
 * CHRONOGRAPH_E2E_PG_URL; when no server can start, the reason goes in CHRONOGRAPH_E2E_PG_ERROR and only
 * that story fails, saying it.
 */
import { ensureRenderer } from "../../../scripts/ensure-renderer.mjs";
import { startCluster } from "../../support/postgres.ts";

export default async function globalSetup(): Promise<(() => void) | undefined> {
  ensureRenderer();
  const external = process.env.CHRONOGRAPH_TEST_PG_URL;
  if (external) {
    process.env.CHRONOGRAPH_E2E_PG_URL = external;
    return undefined;
  }
  try {
    const cluster = await startCluster();
    process.env.CHRONOGRAPH_E2E_PG_URL = cluster.url;
    return () => cluster.stop();
  } catch (error) {
    process.env.CHRONOGRAPH_E2E_PG_ERROR = error instanceof Error ? error.message : String(error);
    return undefined;
  }
}
