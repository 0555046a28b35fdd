/**
 * A real PostgreSQL server for the tests (vitest globalSetup). With CHRONOGRAPH_TEST_PG_URL set, the
 * tests use that server (a developer's own). Otherwise this starts a throwaway cluster: initdb into a
 * temp folder, listening on 127.0.0.1 only on a free port, its unix socket inside that folder, fsync off;
 * as the unprivileged `postgres` user when run as root (postgres refuses root). It is stopped and
 * deleted when the run ends. Tests read the URL with `inject("postgresUrl")` or from
 * CHRONOGRAPH_TEST_PG_URL, and each test file works in its own schema, so files run in parallel.
 * `postgresControl` (pg_ctl and the data folder) lets a test restart the server.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    /** Null when the tests use a server they did not start: then no test may restart it. */
    postgresControl: { pgCtl: string; dataDir: string; asUser: string | null } | null;
  }
}

interface Provider {
  provide(key: "postgresUrl", value: string): void;
  provide(key: "postgresControl", value: { pgCtl: string; dataDir: string; asUser: string | null } | null): void;
}

/** The newest PostgreSQL server binaries folder Debian installed, or null. */
function serverBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? null : join(root, versions[0]!, "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Run a server binary, as `user` when given (through runuser, which needs root). */
function run(bin: string, args: string[], user: string | null): string {
  const [command, argv] = user === null ? [bin, args] : ["runuser", ["-u", user, "--", bin, ...args]];
  return execFileSync(command, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function userId(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

export default async function setup(project: Provider): Promise<(() => void) | undefined> {
  const external = process.env.CHRONOGRAPH_TEST_PG_URL;
  if (external) {
    project.provide("postgresUrl", external);
    project.provide("postgresControl", null);
    return undefined;
  }
  const bin = serverBin();
  if (bin === null) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql (or set CHRONOGRAPH_TEST_PG_URL)");
  const asRoot = process.getuid?.() === 0;
  let owner = asRoot ? userId("postgres") : null;
  if (asRoot && owner === null) {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    owner = userId("postgres");
  }
  const user = asRoot ? "postgres" : null;
  const dir = mkdtempSync(join(tmpdir(), "chronograph-pg-"));
  const dataDir = join(dir, "data");
  if (owner !== null) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const pgCtl = join(bin, "pg_ctl");
  try {
    run(join(bin, "initdb"), ["-D", dataDir, "-U", "chronograph", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], user);
    const port = await freePort();
    const conf = [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, "fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 200"];
    writeFileSync(join(dataDir, "postgresql.auto.conf"), `${conf.join("\n")}\n`);
    if (owner !== null) chownSync(join(dataDir, "postgresql.auto.conf"), owner.uid, owner.gid);
    run(pgCtl, ["-D", dataDir, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"], user);
    const url = `postgresql://chronograph@127.0.0.1:${port}/postgres`;
    process.env.CHRONOGRAPH_TEST_PG_URL = url;
    project.provide("postgresUrl", url);
    project.provide("postgresControl", { pgCtl, dataDir, asUser: user });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return () => {
    try {
      run(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"], user);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Restart the throwaway server (fast shutdown, which ends every connection) and wait until it accepts connections. */
export function restartServer(control: { pgCtl: string; dataDir: string; asUser: string | null }): void {
  // Without -l the server would inherit our pipe and execFileSync would wait for it forever.
  run(control.pgCtl, ["-D", control.dataDir, "-l", join(dirname(control.dataDir), "server.log"), "-m", "fast", "-w", "-t", "60", "restart"], control.asUser);
}
