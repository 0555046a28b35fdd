/**
 * LangGraph.js with ChronographSaver as its checkpointer: the same adapter as engines/langgraph.ts (the
 * graph a LangGraph user writes), with the one-line change `ChronographSaver.open(path)` in place of
 * `SqliteSaver.fromConnString(path)`. SQLite files only.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import Database from "better-sqlite3";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import type { Engine, EngineName, EngineStore, StoreKind } from "../engine.ts";
import { readSettings } from "../sqlite-file.ts";
import { langgraph } from "./langgraph.ts";

/** The shape engines/langgraph.ts's compile reads from a store: a saver, and no SqliteSaver connection. */
class SaverStore implements EngineStore {
  readonly sqlite = undefined;
  constructor(
    readonly kind: StoreKind,
    readonly saver: BaseCheckpointSaver,
    private readonly path: string,
  ) {}

  async close(): Promise<void> {
    await (this.saver as ChronographSaver).close();
  }

  settings() {
    const db = new Database(this.path, { readonly: true });
    try {
      return readSettings(db);
    } finally {
      db.close();
    }
  }
}

export const langgraphWithChronographSaver: Engine = {
  // Not one of the main table's engines: the name only labels temp files and failure messages.
  name: "langgraph+chronograph-saver" as EngineName,
  label: `${langgraph.label} + ChronographSaver`,
  stores: ["sqlite"],
  async openStore(kind, path) {
    if (kind !== "sqlite" || !path) throw new Error("ChronographSaver runs on a SQLite file only");
    return new SaverStore(kind, ChronographSaver.open(path), path);
  },
  compile: langgraph.compile,
  serializedBytes(path) {
    const db = new Database(path, { readonly: true });
    try {
      const sum = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      return (
        sum("SELECT coalesce(sum(length(checkpoint) + length(metadata)), 0) AS n FROM lg_checkpoints") +
        sum("SELECT coalesce(sum(length(value)), 0) AS n FROM lg_values") +
        sum("SELECT coalesce(sum(length(value)), 0) AS n FROM lg_writes")
      );
    } finally {
      db.close();
    }
  },
};
