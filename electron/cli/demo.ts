/**
 * The demo database the app opens when started without a file. It is generated on first use by the
 * examples' own script (`npm run demo:db`), whose output goes to stderr so stdout keeps only the URL.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ChronographError } from "../../core/api/errors.ts";
import { REPO_ROOT } from "./paths.ts";

export const DEMO_DATABASE = join(REPO_ROOT, "examples", "demo.db");

/** The demo database's path, generating it first when missing. Throws FILE_NOT_FOUND when it cannot be made. */
export function ensureDemoDatabase(log: (line: string) => void): string {
  if (existsSync(DEMO_DATABASE)) return DEMO_DATABASE;
  const script = join(REPO_ROOT, "examples", "demo-db.ts");
  if (!existsSync(script)) {
    throw new ChronographError("FILE_NOT_FOUND", `The demo database "${DEMO_DATABASE}" is missing, and "${script}" that generates it is not there either. Pass a database file instead.`, {
      file: DEMO_DATABASE,
    });
  }
  log(`Generating the demo database ${DEMO_DATABASE} (npm run demo:db)...`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["run", "--silent", "demo:db"], { cwd: REPO_ROOT, stdio: ["ignore", 2, 2] });
  if (result.status !== 0 || !existsSync(DEMO_DATABASE)) {
    throw new ChronographError("FILE_NOT_FOUND", `Generating the demo database failed (npm run demo:db exited with ${result.status ?? result.signal}); see the output above.`, {
      file: DEMO_DATABASE,
    });
  }
  return DEMO_DATABASE;
}
