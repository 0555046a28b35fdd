/**
 * One measured store: open it, compile a workload's graph on it, and afterwards count its checkpoints,
 * read its settings, close it and measure the file. Every workload goes through here so they all
 * measure size the same way.
 */
import type { Engine, EngineGraph, EngineStore, GraphDef, SqliteSettings, StoreKind } from "../engine.ts";
import { fileBytes, removeDb } from "../sqlite-file.ts";
import type { Sample } from "../stats.ts";
import { tempDbPath } from "../temp-files.ts";

export interface Finished {
  /** checkpoints, and for sqlite db_bytes and bytes_per_checkpoint. */
  sample: Sample;
  settings: SqliteSettings | null;
  /** Checkpoint ids per thread asked for, newest first. */
  ids: Map<string, string[]>;
}

export class Session {
  private constructor(
    readonly engine: Engine,
    readonly store: EngineStore,
    readonly graph: EngineGraph,
    readonly path: string | null,
  ) {}

  /** A new store of `kind` (a new temp file for sqlite, or `path` to reopen one) with `def` compiled on it. */
  static async open(engine: Engine, kind: StoreKind, def: GraphDef, path?: string): Promise<Session> {
    const file = kind === "sqlite" ? (path ?? tempDbPath(`${engine.name}-${def.name}`)) : null;
    const store = await engine.openStore(kind, file ?? undefined);
    return new Session(engine, store, engine.compile(def, store), file);
  }

  /** Close without measuring, deleting the file (warm-up stores). */
  async discard(): Promise<void> {
    await this.store.close();
    if (this.path) removeDb(this.path);
  }

  /**
   * Count checkpoints of `threads` (sqlite only: counting a memory store costs a full deserialization),
   * close, measure. The file is deleted unless `keep`.
   */
  async finish(threads: string[], keep = false): Promise<Finished> {
    const ids = new Map<string, string[]>();
    if (this.store.kind !== "sqlite") {
      await this.store.close();
      return { sample: {}, settings: null, ids };
    }
    let checkpoints = 0;
    for (const thread of threads) {
      const threadIds = await this.graph.checkpointIds(thread);
      ids.set(thread, threadIds);
      checkpoints += threadIds.length;
    }
    const settings = this.store.settings();
    await this.store.close();
    const dbBytes = fileBytes(this.path!);
    const sample: Sample = { checkpoints, db_bytes: dbBytes, bytes_per_checkpoint: dbBytes / checkpoints };
    if (this.engine.serializedBytes) sample.serialized_bytes_per_checkpoint = this.engine.serializedBytes(this.path!) / checkpoints;
    if (!keep) removeDb(this.path!);
    return { sample, settings, ids };
  }
}
