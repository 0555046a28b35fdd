/**
 * A WAL database in a folder the user cannot write to is still readable: SQLite cannot create its
 * "-shm" index there, so the file is opened immutable when no "-wal" holds commits, and refused with a
 * sentence saying why when one does. Run as an unprivileged user (root ignores folder permissions).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeLongThread } from "./long-thread.ts";

const BIN = join(import.meta.dirname, "../../bin/chronograph.js");
const root = process.getuid?.() === 0;
// As root, run the CLI as "nobody" so that the folder's permissions apply.
const asUser = (args: string[]) => (root ? ["setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...args]] : [process.execPath, args]) as [string, string[]];

let dir: string;
let folder: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-ro-"));
  chmodSync(dir, 0o755);
  folder = join(dir, "locked");
  mkdirSync(folder);
  await writeLongThread(join(folder, "runs.db"), 3);
  chmodSync(join(folder, "runs.db"), 0o644);
  chmodSync(folder, 0o555);
}, 60_000);
afterAll(() => {
  chmodSync(folder, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

function inspect(file: string) {
  const [command, args] = asUser([BIN, "inspect", file, "--json"]);
  return spawnSync(command, args, { encoding: "utf8", cwd: tmpdir(), env: { ...process.env, NO_COLOR: "1" } });
}

describe.skipIf(process.platform === "win32")("a WAL database in a read-only folder", () => {
  it("is read without write access when no -wal file holds commits", () => {
    const result = inspect(join(folder, "runs.db"));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).threads[0].checkpoints.length).toBe(4);
  }, 60_000);

  it("is refused with a sentence naming the file when its -wal holds commits that cannot be read", () => {
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, "runs.db-wal"), Buffer.alloc(4096, 1));
    chmodSync(folder, 0o555);
    const result = inspect(join(folder, "runs.db"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`"${join(folder, "runs.db")}" is a WAL database in a read-only folder`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
