#!/usr/bin/env node
// The `chronograph` command. Loads the prebuilt JavaScript (out/electron/cli/main.js, built by `npm install`
// and `npm start` through scripts/ensure-cli.mjs) when it is at least as new as its sources; otherwise it
// registers tsx and loads electron/cli/main.ts from source, so a fresh or edited checkout still works.
// Either way users' TypeScript graph modules are loaded through tsx by the graph host.
// CHRONOGRAPH_FROM_SOURCE=1 forces the sources; =0 forces the build, stale or not (benchmarks use both).
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { CLI_ENTRY, cliBuildFresh } from "../scripts/ensure-cli.mjs";

const from = process.env.CHRONOGRAPH_FROM_SOURCE;
let main;
if (from === "0" ? existsSync(CLI_ENTRY) : from !== "1" && cliBuildFresh()) {
  ({ main } = await import(pathToFileURL(CLI_ENTRY).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../electron/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
