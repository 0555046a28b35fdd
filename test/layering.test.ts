/**
 * The layering rules of the style guide, enforced: each source folder may import only what its layer
 * allows. A folder with no rule fails too, so nothing slips past.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", "dist", "out", ".tmp", ".git", "docs", "test-results", "playwright-report"]);

interface Rule {
  /** Folder prefix (repo-relative, with trailing slash) the rule applies to; the longest match wins. */
  folder: string;
  /** Returns why the import is forbidden, or null. `target` is repo-relative for relative imports. */
  check(specifier: string, target: string | null, file: string): string | null;
}

const isNode = (specifier: string) => specifier.startsWith("node:");
const UI_PACKAGES = /^(react|react-dom|@xyflow|zustand|elkjs|@uiw|@codemirror|@tanstack|lucide-react|react-resizable-panels)(\/|$)/;

const RULES: Rule[] = [
  {
    folder: "core/api/",
    check: (specifier, target) => {
      if (target !== null) return target.startsWith("core/api/") ? null : "core/api imports only core/api";
      return specifier === "zod" ? null : `core/api imports no packages but zod (found "${specifier}")`;
    },
  },
  {
    folder: "core/",
    check: (specifier, target, file) => {
      if (target !== null) return target.startsWith("core/") ? null : "core imports only core";
      if (specifier === "electron" || UI_PACKAGES.test(specifier)) return `core imports no Electron, React or DOM packages (found "${specifier}")`;
      if (specifier === "better-sqlite3" && !file.startsWith("core/storage/sqlite/")) return "better-sqlite3 is imported only under core/storage/sqlite/";
      return null;
    },
  },
  {
    folder: "electron/",
    check: (specifier, target, file) => {
      if (target !== null && target.startsWith("renderer/")) return "electron never imports the renderer";
      if (specifier === "electron" && file.startsWith("electron/web/")) return "the web host imports no electron";
      if (specifier === "electron" && file.startsWith("electron/cli/")) return "the CLI imports no electron";
      if (UI_PACKAGES.test(specifier)) return `hosts import no UI packages (found "${specifier}")`;
      return null;
    },
  },
  {
    folder: "renderer/",
    check: (specifier, target) => {
      if (target !== null) return target.startsWith("renderer/") || target.startsWith("core/api/") ? null : "the renderer imports only renderer/ and core/api/";
      if (isNode(specifier) || specifier === "better-sqlite3" || specifier === "electron") return `the renderer never touches Node or Electron (found "${specifier}")`;
      return null;
    },
  },
  { folder: "test/", check: () => null },
  { folder: "bench/", check: (_, target) => (target !== null && target.startsWith("renderer/") ? "bench does not import the renderer" : null) },
  { folder: "examples/", check: (_, target) => (target !== null && !target.startsWith("core/") && !target.startsWith("examples/") ? "examples import only core/ and examples/" : null) },
  { folder: "scripts/", check: () => null },
];

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry) || entry.startsWith(".")) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

function ruleFor(file: string): Rule | undefined {
  return RULES.filter((rule) => file.startsWith(rule.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
}

describe("layering", () => {
  const files = sourceFiles(root).map((path) => relative(root, path));

  it("finds the source tree", () => {
    expect(files.some((file) => file.startsWith("core/"))).toBe(true);
  });

  it("has a rule for every folder that holds TypeScript", () => {
    const loose = files.filter((file) => file.includes("/") && !ruleFor(file));
    expect(loose).toEqual([]);
  });

  it("keeps every import inside what its layer may use", () => {
    const violations: string[] = [];
    for (const file of files) {
      const rule = ruleFor(file);
      if (!rule) continue;
      for (const specifier of importsOf(readFileSync(join(root, file), "utf8"))) {
        const target = specifier.startsWith(".") ? relative(root, resolve(dirname(join(root, file)), specifier)) : null;
        // Unit tests sit beside their modules (the style guide's rule), so any layer's tests may use the runner.
        if (specifier === "vitest" && file.endsWith(".test.ts")) continue;
        const why = rule.check(specifier, target, file);
        if (why) violations.push(`${file}: "${specifier}": ${why}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("would catch a forbidden import", () => {
    const core = ruleFor("core/pregel/loop.ts")!;
    expect(core.check("react", null, "core/pregel/loop.ts")).not.toBeNull();
    expect(core.check("better-sqlite3", null, "core/pregel/loop.ts")).not.toBeNull();
    expect(ruleFor("renderer/app/App.tsx")!.check("node:fs", null, "renderer/app/App.tsx")).not.toBeNull();
    expect(ruleFor("core/api/contract.ts")!.check("../pregel/loop.ts", "core/pregel/loop.ts", "core/api/contract.ts")).not.toBeNull();
    expect(ruleFor("core/api/contract.ts")!.check("vitest", null, "core/api/contract.ts")).not.toBeNull();
  });
});
