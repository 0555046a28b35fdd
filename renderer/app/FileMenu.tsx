import { ChevronDown, Code, Database, FileDown, FolderOpen, ShieldCheck, ShieldOff } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { baseName } from "../model/format.ts";
import { recentName } from "../model/postgres-url.ts";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { useStoreApi } from "../store/useStoreApi.ts";
import { ConnectPostgresDialog } from "./ConnectPostgresDialog.tsx";
import { ExportThreadDialog } from "./ExportThreadDialog.tsx";

const selectOpenDialog = (s: AppState) => s.openDialog;
const selectRecent = (s: AppState) => s.recentFiles;
const selectOpen = (s: AppState) => s.openDatabase;
const selectDatabase = (s: AppState) => s.database;
const selectRevoke = (s: AppState) => s.revokeTrust;
const selectDecline = (s: AppState) => s.declineTrust;
const selectHasThread = (s: AppState) => s.selectedThread !== null;

/** The File menu: Open…, Connect to PostgreSQL…, Open Recent, Load graph code…, and workspace trust for the open database's folder. */
export function FileMenu() {
  const [open, setOpen] = useState(false);
  const store = useStoreApi();
  // The Connect dialog: closed (null), empty (""), or filled from a recent connection's masked URL.
  const [connect, setConnect] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const hasThread = useAppStore(selectHasThread);
  const box = useRef<HTMLDivElement>(null);
  const openDialog = useAppStore(selectOpenDialog);
  const recent = useAppStore(selectRecent);
  const openDatabase = useAppStore(selectOpen);
  const database = useAppStore(selectDatabase);
  const revokeTrust = useAppStore(selectRevoke);
  const declineTrust = useAppStore(selectDecline);
  const trust = database?.trust;

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    window.addEventListener("mousedown", onDown);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("mousedown", onDown);
      window.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const pick = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  const reopen = async (path: string) => {
    if (await openDatabase(path)) return;
    // A recent PostgreSQL connection is stored without its password: ask for it.
    if (store.getState().openError?.code === "PASSWORD_REQUIRED") setConnect(path);
    else openDialog("open");
  };
  return (
    <div className="menu" ref={box}>
      <button type="button" className="btn btn--ghost menu__button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        File <ChevronDown />
      </button>
      {open && (
        <div className="menu__list" role="menu">
          <button type="button" role="menuitem" className="menu__item" onClick={pick(() => openDialog("open"))}>
            <FolderOpen />
            Open database…
            <kbd>Ctrl+O</kbd>
          </button>
          <button type="button" role="menuitem" className="menu__item" onClick={pick(() => setConnect(""))}>
            <Database />
            Connect to PostgreSQL…
          </button>
          {recent.length > 0 && <div className="menu__label">Open recent</div>}
          {recent.slice(0, 8).map((path) => (
            <button key={path} type="button" role="menuitem" className="menu__item menu__item--recent" title={path} onClick={pick(() => void reopen(path))}>
              <span className="menu__recent-name">{recentName(path, baseName)}</span>
              <span className="menu__recent-path mono">{path}</span>
            </button>
          ))}
          <div className="menu__sep" />
          <button type="button" role="menuitem" className="menu__item" disabled={!database} onClick={pick(() => openDialog("graph-module"))}>
            <Code />
            Load graph code…
          </button>
          <button type="button" role="menuitem" className="menu__item" disabled={!hasThread} onClick={pick(() => setExporting(true))}>
            <FileDown />
            Export thread…
          </button>
          {trust?.state === "untrusted" && (
            <button type="button" role="menuitem" className="menu__item" onClick={pick(() => declineTrust(true))}>
              <ShieldCheck />
              Trust this folder…
            </button>
          )}
          {trust?.state === "trusted" && (
            <button type="button" role="menuitem" className="menu__item" title={trust.folder} onClick={pick(() => void revokeTrust(trust.folder))}>
              <ShieldOff />
              Revoke trust for this folder
            </button>
          )}
        </div>
      )}
      {exporting && <ExportThreadDialog onClose={() => setExporting(false)} />}
      {connect !== null && <ConnectPostgresDialog key={connect} initialUrl={connect || undefined} onClose={() => setConnect(null)} />}
    </div>
  );
}
