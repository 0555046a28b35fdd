/**
 * What the desktop app was asked to open, from its command line (also a second launch's): the first
 * argument that is not a flag is the database, `--graph MODULE` its graph code. Electron-free.
 */
import { resolve } from "node:path";

export interface LaunchRequest {
  file?: string;
  graph?: string;
  /** `--demo`: the file is the built-in demo, opened because no file was given; its folder is trusted for this launch. */
  demo?: boolean;
}

/** Read `argv` (everything after the Electron binary and the main script); relative paths resolve against `cwd`. */
export function parseLaunchArgs(argv: readonly string[], cwd: string): LaunchRequest {
  const request: LaunchRequest = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === "--graph" && index + 1 < argv.length) request.graph = resolve(cwd, argv[++index]!);
    else if (arg.startsWith("--graph=")) request.graph = resolve(cwd, arg.slice("--graph=".length));
    else if (arg === "--demo") request.demo = true;
    else if (!arg.startsWith("-") && request.file === undefined) request.file = resolve(cwd, arg);
  }
  return request;
}
