#!/usr/bin/env node
// The `chronograph` command, in this one process: it imports the prebuilt JavaScript (out/electron/cli/main.js,
// built by `npm install` and `npm start` through scripts/ensure-cli.mjs) directly. In a git checkout, where
// sources change, it first checks that the build is at least as new as them (one stat per source file,
// ~10-30 ms) and loads electron/cli/main.ts through tsx when it is not, so an edited checkout still works;
// an installed package uses its build as is. Users' TypeScript graph modules are loaded through tsx by the
// graph host either way. CHRONOGRAPH_FROM_SOURCE=1 forces the sources; =0 forces the build, stale or not.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { CLI_ENTRY, cliBuildFresh, isCheckout } from "../scripts/ensure-cli.mjs";

// A reader that stops early (`chronograph --help | head -1`) closes the pipe: that is not an error, so
// later writes are dropped instead of crashing with EPIPE.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
});

const from = process.env.CHRONOGRAPH_FROM_SOURCE;
const built = from === "0" || (from !== "1" && existsSync(CLI_ENTRY) && (!isCheckout() || cliBuildFresh()));
let main;
if (built) {
  ({ main } = await import(pathToFileURL(CLI_ENTRY).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../electron/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
