/**
 * The Electron main process: one instance, one window, the native menu and dialogs. The debugger backend
 * runs in a utility process (backend-entry.ts) so nothing it does (a long read, a blocked file) freezes
 * the window; the page's calls and the menu's reach it over its message port. This file only wires.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { app, BrowserWindow, dialog, Menu } from "electron";
import { toErrorInfo } from "../../core/api/errors.ts";
import { parseLaunchArgs, type LaunchRequest } from "./args.ts";
import { startBackend } from "./backend.ts";
import { registerIpc } from "./ipc.ts";
import { buildMenu } from "./menu.ts";
import { registerAppScheme, serveRenderer } from "./protocol.ts";
import { createMainWindow, enforceContentSecurityPolicy } from "./window.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const PRELOAD = join(here, "..", "preload", "preload.cjs");
const BACKEND = join(here, "backend-entry.js");
/** The graph host entry (built from core/debugger/graph-host/child.ts), started by main for the backend. */
const GRAPH_HOST = join(here, "..", "..", "core", "debugger", "graph-host", "child.js");
const RENDERER = join(here, "..", "..", "..", "dist", "renderer");
const development = !app.isPackaged;
const launchArgs = (argv: readonly string[]) => parseLaunchArgs(argv.slice(app.isPackaged ? 1 : 2), process.cwd());

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // The built-in demo, opened because no file was given (electron/cli/demo.ts), trusts its own folder for
  // this launch only, so its graph code loads without asking; any other file goes through workspace trust.
  const initial = launchArgs(process.argv);
  const backend = startBackend(BACKEND, GRAPH_HOST, app.getPath("userData"), initial.demo && initial.file ? [dirname(initial.file)] : []);
  const service = backend.client;
  let window: BrowserWindow | null = null;

  const showError = (title: string, error: unknown) => dialog.showErrorBox(title, toErrorInfo(error).message);

  const refreshMenu = async () => {
    const recent = await service.recentFiles({});
    Menu.setApplicationMenu(
      buildMenu(recent, development, {
        open: () => void chooseFile(),
        openRecent: (path) => void open({ file: path }),
        reload: () => window?.webContents.reload(),
        toggleDevTools: () => window?.webContents.toggleDevTools(),
        quit: () => app.quit(),
      }),
    );
  };

  const open = async (request: LaunchRequest) => {
    try {
      if (request.file) await service.openDatabase({ path: request.file });
      if (request.graph) await service.loadGraphModule({ path: request.graph });
    } catch (error) {
      showError("Chronograph cannot open this", error);
    }
    await refreshMenu();
  };

  const chooseFile = async () => {
    const result = await dialog.showOpenDialog(window!, {
      title: "Open a checkpoint database or a thread bundle",
      properties: ["openFile"],
      filters: [
        { name: "Checkpoint databases and bundles", extensions: ["db", "sqlite", "sqlite3", "json"] },
        { name: "All files", extensions: ["*"] },
      ],
    });
    if (!result.canceled && result.filePaths[0]) await open({ file: result.filePaths[0] });
  };

  app.on("second-instance", (_event, argv) => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    const request = launchArgs(argv);
    if (request.file || request.graph) void open(request);
  });

  app.on("open-file", (event, path) => {
    event.preventDefault();
    void open({ file: path });
  });

  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });

  app.on("will-quit", () => backend.stop());

  await app.whenReady();
  enforceContentSecurityPolicy();
  serveRenderer(RENDERER);
  registerIpc(backend.transport, () => window);
  window = createMainWindow({ preload: PRELOAD, stateFile: join(app.getPath("userData"), "window-state.json") });
  window.on("closed", () => (window = null));
  const request = launchArgs(process.argv);
  const recent = await service.recentFiles({});
  await open(request.file || request.graph ? request : recent[0] ? { file: recent[0] } : {});

  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      window = createMainWindow({ preload: PRELOAD, stateFile: join(app.getPath("userData"), "window-state.json") });
      window.on("closed", () => (window = null));
    }
  });
}
