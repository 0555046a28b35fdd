/**
 * Finding and starting the Electron app without loading Electron into this process: the electron
 * package's path.txt names its binary, and the main process is the build of electron/main/.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "./paths.ts";

/** The built Electron main script. */
export const ELECTRON_MAIN = join(REPO_ROOT, "out", "electron", "main", "main.js");

/** The Electron binary when it is installed (its download can fail), else null. Never loads Electron. */
export function electronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve("electron/package.json"));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, "path.txt");
  if (!existsSync(pathFile)) return null;
  const binary = join(packageDir, "dist", readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : null;
}

/** Run the desktop app with `args` until it exits; resolves to its exit code. */
export function runDesktop(binary: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [ELECTRON_MAIN, ...args], { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/** Open `url` in the system browser; failing to (no desktop, no xdg-open) is not an error. */
export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", '""', url]] : ["xdg-open", [url]];
  try {
    const child = spawn(command, args as string[], { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // The URL is printed; the user can open it by hand.
  }
}
