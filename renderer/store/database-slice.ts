/**
 * The open database: what is open, opening a file (with progress and a clear error that leaves the
 * current one open), the recent-files list, and loading the graph's code for runs.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import { threadKeyString } from "../../core/api/thread-key.ts";
import type { DatabaseInfo } from "../../core/api/types.ts";
import type { SliceCreator } from "./types.ts";
import { maskPassword } from "../model/postgres-url.ts";

export type DatabaseStatus = "starting" | "empty" | "opening" | "ready";

export interface DatabaseSlice {
  database: DatabaseInfo | null;
  databaseStatus: DatabaseStatus;
  /** The path being opened, while databaseStatus is "opening". */
  openingPath: string | null;
  /** Why the last open failed (the previous database, if any, stays open). */
  openError: ErrorInfo | null;
  /** Why the app could not ask the host what is open (no host, bad token). */
  startError: ErrorInfo | null;
  recentFiles: string[];
  graphModuleLoading: boolean;
  graphModuleError: ErrorInfo | null;
  /**
   * Workspace trust: the database (path and generation, see trustKey) whose untrusted graph code the
   * user chose to leave unloaded ("Stay read-only"), so the trust dialog does not ask again for it.
   */
  trustDeclined: string | null;
  trustBusy: boolean;
  trustError: ErrorInfo | null;
  /** Ask the host what is open; load its threads. Safe to call again (after a reconnect). */
  start(): Promise<void>;
  /** Open a file; resolves true when it opened. On failure the current database stays and openError says why. */
  openDatabase(path: string): Promise<boolean>;
  loadRecentFiles(): Promise<void>;
  /** Load the graph code for runs; resolves true when it loaded. */
  loadGraphModule(path: string, exportName?: string): Promise<boolean>;
  clearOpenError(): void;
  /** Trust `folder` (the user agreed in the dialog): the backend loads the modules it showed. Resolves true on success. */
  trustFolder(folder: string): Promise<boolean>;
  /** Forget trust for `folder`; the backend reopens the database without its code. */
  revokeTrust(folder: string): Promise<boolean>;
  /** Leave the open database's graph code unloaded; `ask` again later clears the choice. */
  declineTrust(ask?: boolean): void;
  /**
   * The host says the open database changed (another file opened from a menu or a second launch, or graph
   * code loaded): show the new one, starting over when it is another file.
   */
  applyDatabase(database: DatabaseInfo): Promise<void>;
  /** Ask again what is open (after a run or an edit, the file is no longer read-only). */
  refreshDatabase(): Promise<void>;
}

/** Which opening of which database a trust choice was made for (a reopen asks again). */
export const trustKey = (database: DatabaseInfo): string => `${database.generation ?? 0}:${database.path}`;

/** Whether to ask about workspace trust: the open database names code that did not load, and the user has not said no. */
export const selectAskTrust = (s: DatabaseSlice): boolean => s.database?.trust?.state === "untrusted" && s.trustDeclined !== trustKey(s.database);

export const createDatabaseSlice: SliceCreator<DatabaseSlice> = (client) => (set, get) => {
  /** Load the threads of a database just shown, and open the newest one so the first look has content. */
  const showThreads = async () => {
    await get().loadThreads();
    const newest = get().threadOrder[0];
    if (newest && get().selectedThreadKey === null) get().selectThread(threadKeyString(newest));
  };
  /** Ask the backend to change trust, then show the database it answers with (the same file, or its reopening). */
  const changeTrust = async (request: () => Promise<DatabaseInfo | null>, stayReadOnly = false): Promise<boolean> => {
    set({ trustBusy: true, trustError: null });
    try {
      const database = await request();
      set({ trustBusy: false, ...(stayReadOnly ? { trustDeclined: database ? trustKey(database) : null } : {}) });
      if (database) await get().applyDatabase(database);
      return true;
    } catch (error) {
      set({ trustBusy: false, trustError: toErrorInfo(error) });
      return false;
    }
  };
  return {
    database: null,
    databaseStatus: "starting",
    openingPath: null,
    openError: null,
    startError: null,
    recentFiles: [],
    graphModuleLoading: false,
    graphModuleError: null,
    trustDeclined: null,
    trustBusy: false,
    trustError: null,

    async start() {
      try {
        const database = await client.getDatabase({});
        set({ database, databaseStatus: database ? "ready" : "empty", startError: null });
        void get().loadRecentFiles();
        if (database) await showThreads();
      } catch (error) {
        set({ databaseStatus: "empty", startError: toErrorInfo(error) });
      }
    },

    async openDatabase(path) {
      const previous = get().databaseStatus;
      set({ databaseStatus: "opening", openingPath: maskPassword(path), openError: null });
      try {
        const database = await client.openDatabase({ path });
        get().resetForDatabase();
        set({ database, databaseStatus: "ready", openingPath: null });
        void get().loadRecentFiles();
        await showThreads();
        return true;
      } catch (error) {
        set({ databaseStatus: previous === "opening" ? (get().database ? "ready" : "empty") : previous, openingPath: null, openError: toErrorInfo(error) });
        return false;
      }
    },

    async loadRecentFiles() {
      try {
        set({ recentFiles: await client.recentFiles({}) });
      } catch {
        // The list is a convenience; the open dialog still takes a typed path.
      }
    },

    async loadGraphModule(path, exportName) {
      set({ graphModuleLoading: true, graphModuleError: null });
      try {
        const database = await client.loadGraphModule(exportName ? { path, exportName } : { path });
        set({ database, graphModuleLoading: false });
        const thread = get().selectedThread;
        if (thread) void get().loadGraph(thread);
        return true;
      } catch (error) {
        set({ graphModuleLoading: false, graphModuleError: toErrorInfo(error) });
        return false;
      }
    },

    trustFolder: (folder) => changeTrust(() => client.trustFolder({ folder })),

    // The backend reopens the file without its code: it stays read-only without asking again.
    revokeTrust: (folder) => changeTrust(() => client.revokeTrust({ folder }), true),

    declineTrust(ask = false) {
      const database = get().database;
      set({ trustDeclined: ask || !database ? null : trustKey(database), trustError: null });
    },

    clearOpenError() {
      set({ openError: null, graphModuleError: null });
    },

    async refreshDatabase() {
      try {
        const database = await client.getDatabase({});
        if (database && database.path === get().database?.path) set({ database });
      } catch {
        // The header keeps what it showed; nothing depends on it being fresh.
      }
    },

    async applyDatabase(database) {
      const current = get().database;
      if (get().databaseStatus === "opening") return;
      // A notice about a database opened before the one on screen arrived late: it is stale, not a switch.
      if (current?.generation !== undefined && database.generation !== undefined && database.generation < current.generation) return;
      if (current && current.path === database.path) {
        set({ database });
        const thread = get().selectedThread;
        if (thread && current.canRun !== database.canRun) void get().loadGraph(thread);
        return;
      }
      get().resetForDatabase();
      set({ database, databaseStatus: "ready", openError: null });
      void get().loadRecentFiles();
      await showThreads();
    },
  };
};
