/**
 * Makes sure the built renderer the hosts serve (dist/renderer) is there and newer than its sources;
 * `npm test` builds first, but `npx playwright test` alone should not test a stale UI.
 */
import { ensureRenderer } from "../../../scripts/ensure-renderer.mjs";

export default function globalSetup(): void {
  ensureRenderer();
}
