/**
 * Workspace trust: a chronograph.config.json beside a database names graph code, and opening the
 * database (File › Open, reopen-most-recent at launch, the web host of the CLI) must never import it
 * until the user trusts the folder. The config's module writes a marker file when imported, so "no
 * code ran" is checked on disk, not inferred.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isChronographError } from "../../core/api/errors.ts";
import { readGraphConfig } from "../../core/debugger/graph-config.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { TRUST_FILE_NAME } from "../../core/debugger/trust.ts";
import { createFixture, type Fixture } from "./fixtures.ts";

const REPO = join(import.meta.dirname, "../..");

let fixture: Fixture;
let configDir: string;
let marker: string;
const services: DebuggerService[] = [];

/** A backend as one launch of the app has it: the same config folder across launches. */
function launch(): DebuggerService {
  const service = createDebuggerService({ configDir, pollIntervalMs: 50 });
  services.push(service);
  return service;
}

/** A module that leaves `marker` on disk when imported, and exports the fixture's review graph. */
function writeMarkerModule(file: string): void {
  writeFileSync(file, `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "imported");\nexport { reviewGraph } from ${JSON.stringify(fixture.module)};\n`);
}

function writeConfig(module: string): void {
  writeFileSync(join(fixture.dir, "chronograph.config.json"), JSON.stringify({ graphs: { review: { module, export: "reviewGraph" } } }));
}

beforeEach(async () => {
  fixture = await createFixture();
  configDir = join(fixture.dir, "config");
  marker = join(fixture.dir, "marker.txt");
  writeMarkerModule(join(fixture.dir, "marked.mts"));
  writeConfig("./marked.mts");
});

afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  await fixture.cleanup();
});

describe("workspace trust", () => {
  it("opens a database without importing its config's code, read-only features working, until the folder is trusted", async () => {
    const service = launch();
    const info = await service.openDatabase({ path: fixture.db });
    const folder = realpathSync(fixture.dir);
    expect(info.trust).toEqual({ state: "untrusted", folder, modules: [join(folder, "marked.mts")], configFile: join(folder, "chronograph.config.json") });
    expect(info.canRun).toBe(false);
    expect(info.runUnavailableReason).toMatch(/not trusted/);
    expect(existsSync(marker)).toBe(false);
    expect((await service.listThreads({})).rows.length).toBe(4);
    expect((await service.getTimeline({ threadId: "quick" })).length).toBeGreaterThan(0);
    expect(existsSync(marker)).toBe(false);

    const trusted = await service.trustFolder({ folder: fixture.dir });
    expect(existsSync(marker)).toBe(true);
    expect(trusted).toMatchObject({ canRun: true, trust: { state: "trusted", folder } });
    expect(await service.listTrustedFolders({})).toEqual([folder]);
  });

  it("reopening the most recent file at launch imports nothing from an untrusted folder", async () => {
    const first = launch();
    await first.openDatabase({ path: fixture.db });
    await first.close();
    const next = launch();
    const [recent] = await next.recentFiles({});
    expect(recent).toBe(realpathSync(fixture.db));
    const info = await next.openDatabase({ path: recent! });
    expect(info.trust?.state).toBe("untrusted");
    expect(existsSync(marker)).toBe(false);
  });

  it("remembers trust across launches in a private file, and revoking it persists and unloads the code", async () => {
    const first = launch();
    await first.openDatabase({ path: fixture.db });
    await first.trustFolder({ folder: fixture.dir });
    await first.close();
    expect(statSync(join(configDir, TRUST_FILE_NAME)).mode & 0o777).toBe(0o600);

    const second = launch();
    expect(await second.openDatabase({ path: fixture.db })).toMatchObject({ canRun: true, trust: { state: "trusted" } });
    const revoked = await second.revokeTrust({ folder: fixture.dir });
    expect(revoked).toMatchObject({ canRun: false, trust: { state: "untrusted" } });
    expect(await second.listTrustedFolders({})).toEqual([]);
    await second.close();

    rmSync(marker);
    const third = launch();
    expect((await third.openDatabase({ path: fixture.db })).trust?.state).toBe("untrusted");
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses a config module reached by ../ or an absolute path, even in a trusted folder", async () => {
    const outside = mkdtempSync(join(tmpdir(), "chronograph-outside-"));
    try {
      writeMarkerModule(join(outside, "evil.mts"));
      const relative = `../${outside.split("/").pop()}/evil.mts`;
      for (const module of [relative, join(outside, "evil.mts")]) {
        writeConfig(module);
        let refused: unknown;
        try {
          readGraphConfig(fixture.db);
        } catch (error) {
          refused = error;
        }
        expect(isChronographError(refused, "MODULE_OUTSIDE_PROJECT")).toBe(true);
        expect((refused as Error).message).toContain("chronograph.config.json");
        expect((refused as Error).message).toContain(module);

        const service = launch();
        await service.trustFolder({ folder: fixture.dir });
        const info = await service.openDatabase({ path: fixture.db });
        expect(info).toMatchObject({ canRun: false, trust: { state: "none", modules: [] } });
        expect(info.runUnavailableReason).toContain(module);
        expect(existsSync(marker)).toBe(false);
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("trusts a launch-only folder (the built-in demo's) without saving it", async () => {
    const service = createDebuggerService({ configDir, pollIntervalMs: 50, launchTrust: [fixture.dir] });
    services.push(service);
    expect(await service.openDatabase({ path: fixture.db })).toMatchObject({ canRun: true, trust: { state: "trusted" } });
    expect(await service.listTrustedFolders({})).toEqual([]);
    rmSync(marker);
    expect((await launch().openDatabase({ path: fixture.db })).trust?.state).toBe("untrusted");
    expect(existsSync(marker)).toBe(false);
  });

  it("the CLI's web host opens the database without importing its config's code", async () => {
    const home = mkdtempSync(join(tmpdir(), "chronograph-home-"));
    const child = spawn(process.execPath, [join(REPO, "bin/chronograph.js"), fixture.db, "--web", "--port", "0", "--no-open"], {
      cwd: REPO,
      env: { ...process.env, XDG_CONFIG_HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/.exec(out);
          if (match) resolve(new URL(match[1]!));
        });
        child.once("exit", (code) => reject(new Error(`chronograph exited with ${code}: ${out}`)));
      });
      const response = await fetch(new URL("/api/call", url), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${url.searchParams.get("token")}` },
        body: JSON.stringify({ method: "getDatabase", args: {} }),
      });
      expect(await response.json()).toMatchObject({ ok: true, value: { canRun: false, trust: { state: "untrusted" } } });
      expect(existsSync(marker)).toBe(false);
    } finally {
      child.kill("SIGTERM");
      await new Promise((done) => (child.exitCode === null ? child.once("exit", done) : done(null)));
      rmSync(home, { recursive: true, force: true });
    }
  });
});
