/**
 * `chronograph [FILE]`: open a database in the desktop app when Electron is installed and built, else
 * in web mode: serve it on 127.0.0.1, print the URL (token included) on a line of its own, open the
 * browser, and run until interrupted.
 */
import { createDebuggerService } from "../../core/debugger/service.ts";
import { boundHeapGrowth } from "../heap-growth.ts";
import { startWebHost } from "../web/server.ts";
import { demoLaunchTrust, ensureDemoDatabase } from "./demo.ts";
import { ELECTRON_MAIN, electronBinary, openBrowser, runDesktop } from "./desktop.ts";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { isPostgresUrl } from "../../core/storage/postgres/langgraph-reads.ts";
import { maskUrl } from "../../core/storage/postgres/url.ts";

export interface AppOptions {
  graph?: string;
  web?: boolean;
  port?: number;
  /** False with --no-open. */
  open: boolean;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Resolves to the exit code once the app (or the web server, on SIGINT/SIGTERM) has stopped. Throws coded errors. */
export async function startApp(file: string | undefined, options: AppOptions, io: Output): Promise<number> {
  const database = file === undefined ? ensureDemoDatabase(io.err) : isPostgresUrl(file) ? file : resolve(file);
  const binary = options.web ? null : electronBinary();
  if (binary && existsSync(ELECTRON_MAIN)) {
    return runDesktop(binary, [database, ...(file === undefined ? ["--demo"] : []), ...(options.graph ? ["--graph", resolve(options.graph)] : [])]);
  }
  if (binary) io.err("Electron is installed but the desktop app is not built (npm run build); using web mode.");

  // This process hosts the backend: its GC slack bounded (heap-growth.ts), for a big file's peak RSS.
  boundHeapGrowth();
  // The URL prints once the server listens and the database is open; the config's graph code loads after.
  const service = createDebuggerService({ graphsInBackground: true, ...(file === undefined ? { launchTrust: demoLaunchTrust() } : {}) });
  try {
    await service.openDatabase({ path: database });
    if (options.graph) await service.loadGraphModule({ path: options.graph });
  } catch (error) {
    await service.close();
    throw error;
  }
  const host = await startWebHost({ service, ...(options.port === undefined ? {} : { port: options.port }) }).catch(async (error: unknown) => {
    await service.close();
    throw error;
  });
  io.out(`Chronograph is running at ${host.url}`);
  io.err(`Showing ${isPostgresUrl(database) ? maskUrl(database) : database}. Press Ctrl+C to stop.`);
  if (options.open) openBrowser(host.url);

  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  await host.close();
  await service.close();
  return 0;
}
