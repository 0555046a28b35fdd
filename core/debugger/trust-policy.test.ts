import { describe, expect, it } from "vitest";
import { checkModulePath, isFolderTrusted, isInside, moduleRoots, projectRootFor } from "./trust-policy.ts";

describe("isFolderTrusted", () => {
  it("trusts a trusted folder and everything under it, nothing beside or above it", () => {
    const trusted = ["/home/ana/projects/agent"];
    expect(isFolderTrusted("/home/ana/projects/agent", trusted)).toBe(true);
    expect(isFolderTrusted("/home/ana/projects/agent/runs/2024", trusted)).toBe(true);
    expect(isFolderTrusted("/home/ana/projects", trusted)).toBe(false);
    expect(isFolderTrusted("/home/ana/projects/agent-evil", trusted)).toBe(false);
    expect(isFolderTrusted("/tmp/agent", [])).toBe(false);
  });

  it("does not mistake a folder named ..something for a parent", () => {
    expect(isInside("/a", "/a/..b/c")).toBe(true);
    expect(isInside("/a/b", "/a/b/../c")).toBe(false);
  });
});

describe("projectRootFor", () => {
  const withPackage = (dirs: string[]) => (dir: string) => dirs.includes(dir);

  it("finds the nearest folder with a package.json at or above the database's", () => {
    expect(projectRootFor("/home/ana/agent/data", withPackage(["/home/ana/agent"]), "/home/ana")).toBe("/home/ana/agent");
    expect(projectRootFor("/home/ana/agent", withPackage(["/home/ana/agent"]), "/home/ana")).toBe("/home/ana/agent");
  });

  it("never takes the home folder or the filesystem root as a project", () => {
    expect(projectRootFor("/home/ana/Downloads/x", withPackage(["/home/ana", "/"]), "/home/ana")).toBeNull();
    expect(projectRootFor("/srv/data", withPackage(["/"]), "/home/ana")).toBeNull();
  });
});

describe("checkModulePath", () => {
  const config = "/p/data/chronograph.config.json";
  const roots = moduleRoots("/p/data", "/p");

  it("accepts a module beside the database or in its project", () => {
    expect(checkModulePath(config, "./graphs.ts", "/p/data/graphs.ts", roots)).toEqual({ ok: true, path: "/p/data/graphs.ts" });
    expect(checkModulePath(config, "../src/agent.ts", "/p/src/agent.ts", roots)).toEqual({ ok: true, path: "/p/src/agent.ts" });
  });

  it("refuses absolute paths, even inside the folder, naming the config and the path", () => {
    const verdict = checkModulePath(config, "/p/data/graphs.ts", "/p/data/graphs.ts", roots);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('"/p/data/chronograph.config.json" names the module "/p/data/graphs.ts"') });
    expect(checkModulePath(config, "C:/evil.js", "/p/data/C:/evil.js", roots).ok).toBe(false);
  });

  it("refuses ../ that escapes the database's folder and project", () => {
    const verdict = checkModulePath(config, "../../etc/evil.mjs", "/etc/evil.mjs", roots);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('"../../etc/evil.mjs", which is outside "/p/data" and "/p"') });
    expect(checkModulePath(config, "../x.ts", "/p/x.ts", moduleRoots("/p/data", null)).ok).toBe(false);
  });

  it("refuses a module whose real location (through a symlink) is outside", () => {
    expect(checkModulePath(config, "./link.ts", "/elsewhere/evil.ts", roots).ok).toBe(false);
  });
});
