#!/usr/bin/env node
// The `chronograph` command: registers tsx so the TypeScript sources (and users' graph modules) load as
// they are, then hands over to electron/cli/main.ts.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../electron/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
