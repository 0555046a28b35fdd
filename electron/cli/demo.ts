/**
 * The demo database the app opens when started without a file. It is generated on first use by the
 * examples' own script (`npm run demo:db`), whose output goes to stderr so stdout keeps only the URL.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ChronographError } from "../../core/api/errors.ts";
import { REPO_ROOT } from "./paths.ts";

export const DEMO_DATABASE = join(REPO_ROOT, "examples", "demo.db");

/**
 * The folders to trust for this launch when the app opens the demo by default (started without a file).
 * The demo is a built-in, not a user's file: its database is written by our own script and its config
 * names our own examples/graphs.ts, so replay works out of the box. This trust is held in memory for the
 * launch only and never saved; opening examples/demo.db by name, or any other file, asks as usual.
 */
export function demoLaunchTrust(): string[] {
  return [dirname(DEMO_DATABASE)];
}

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
