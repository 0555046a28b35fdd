/**
 * The native menu: File (Open…, Open Recent, Quit), View (Reload, and Toggle DevTools during
 * development). Rebuilt whenever the recent files change.
 */
import { Menu, type MenuItemConstructorOptions } from "electron";
import { basename } from "node:path";

export interface MenuActions {
  open(): void;
  openRecent(path: string): void;
  reload(): void;
  toggleDevTools(): void;
  quit(): void;
}

export function buildMenu(recent: readonly string[], development: boolean, actions: MenuActions): Menu {
  const recentItems: MenuItemConstructorOptions[] =
    recent.length > 0 ? recent.map((path) => ({ label: basename(path), sublabel: path, click: () => actions.openRecent(path) })) : [{ label: "No recent files", enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === "darwin" ? [{ role: "appMenu" as const }] : []),
    {
      label: "File",
      submenu: [
        { label: "Open…", accelerator: "CmdOrCtrl+O", click: () => actions.open() },
        { label: "Open Recent", submenu: recentItems },
        { type: "separator" },
        { label: "Quit", accelerator: "CmdOrCtrl+Q", click: () => actions.quit() },
      ],
    },
    { role: "editMenu" },
    {
      label: "View",
      submenu: [
        { label: "Reload", accelerator: "CmdOrCtrl+R", click: () => actions.reload() },
        ...(development ? [{ label: "Toggle DevTools", accelerator: "CmdOrCtrl+Shift+I", click: () => actions.toggleDevTools() }] : []),
        { type: "separator" },
        { role: "resetZoom" },
        { role: "zoomIn" },
        { role: "zoomOut" },
        { role: "togglefullscreen" },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
