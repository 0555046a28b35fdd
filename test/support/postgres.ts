/**
 * A real PostgreSQL server for the tests (vitest globalSetup). With CHRONOGRAPH_TEST_PG_URL set, the
 * tests use that server (a developer's own). Otherwise this starts a throwaway cluster: initdb into a
 * temp folder, listening on 127.0.0.1 only on a free port, its unix socket inside that folder, fsync off;
 * as the unprivileged `postgres` user when run as root (postgres refuses root). It is stopped and
 * deleted when the run ends. Tests read the URL with `inject("postgresUrl")` or from
 * CHRONOGRAPH_TEST_PG_URL, and each test file works in its own schema, so files run in parallel.
 * A test that stops or restarts a server starts its own with `startCluster()`, so it never disturbs
 * the other files sharing the main one.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

interface Provider {
  provide(key: "postgresUrl", value: string): void;
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

export interface Cluster {
  /** postgresql://chronograph:<password>@127.0.0.1:<port>/postgres */
  url: string;
  control: ServerControl;
  /** Stop the server and delete its folder. */
  stop(): void;
}

export interface ServerControl {
  pgCtl: string;
  dataDir: string;
  asUser: string | null;
}

/**
 * Start a throwaway cluster: initdb into a temp folder, 127.0.0.1 only on a free port, unix socket in
 * that folder, fsync off, password login over TCP (the password is random and only in the URL).
 * Throws one line naming `apt-get install postgresql` when the server binaries are missing.
 */
export async function startCluster(): Promise<Cluster> {
  const bin = serverBin();
  if (bin === null) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql (or set CHRONOGRAPH_TEST_PG_URL)");
  const asRoot = process.getuid?.() === 0;
  let owner = asRoot ? userId("postgres") : null;
  if (asRoot && owner === null) {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    owner = userId("postgres");
  }
  const user = asRoot ? "postgres" : null;
  // As root, the folder must be reachable by the postgres user: TMPDIR may point inside root's home.
  const dir = mkdtempSync(join(asRoot ? "/tmp" : tmpdir(), "chronograph-pg-"));
  const dataDir = join(dir, "data");
  const password = randomBytes(12).toString("hex");
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner !== null) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  chmodSync(dir, 0o700);
  const control: ServerControl = { pgCtl: join(bin, "pg_ctl"), dataDir, asUser: user };
  const port = await freePort();
  try {
    run(join(bin, "initdb"), ["-D", dataDir, "-U", "chronograph", `--pwfile=${pwfile}`, "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C"], user);
    rmSync(pwfile);
    const conf = [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, "fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 200"];
    writeFileSync(join(dataDir, "postgresql.auto.conf"), `${conf.join("\n")}\n`);
    if (owner !== null) chownSync(join(dataDir, "postgresql.auto.conf"), owner.uid, owner.gid);
    startServer(control);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://chronograph:${password}@127.0.0.1:${port}/postgres`,
    control,
    stop: () => {
      try {
        stopServer(control, "immediate");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export default async function setup(project: Provider): Promise<(() => void) | undefined> {
  const external = process.env.CHRONOGRAPH_TEST_PG_URL;
  if (external) {
    project.provide("postgresUrl", external);
    return undefined;
  }
  const cluster = await startCluster();
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}

/** Start a stopped server and wait until it accepts connections. */
export function startServer(control: ServerControl): void {
  // Without -l the server would inherit our pipe and execFileSync would wait for it forever.
  run(control.pgCtl, ["-D", control.dataDir, "-l", join(dirname(control.dataDir), "server.log"), "-w", "-t", "60", "start"], control.asUser);
}

/** Stop the server; "fast" and "immediate" both end every connection at once. */
export function stopServer(control: ServerControl, mode: "fast" | "immediate" = "fast"): void {
  run(control.pgCtl, ["-D", control.dataDir, "-m", mode, "-w", "-t", "60", "stop"], control.asUser);
}
