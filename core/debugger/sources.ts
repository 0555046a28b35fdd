/**
 * Which HistorySource reads which kind of database. The debugger detects a file's kind (one detector for
 * every kind: interop's detectKind, which reads the schema and the payloads), then looks its reader up in
 * the fixed table below; a kind with no reader is refused with a message saying so.
 */
import { resolve } from "node:path";
import { ChronographError } from "../api/errors.ts";
import type { HistorySource } from "../api/history-source.ts";
import type { DatabaseKind } from "../api/types.ts";
import type { Checkpointer } from "../checkpoint/types.ts";
import { detectKind, LANGGRAPH_SOURCE_FACTORIES } from "../interop/index.ts";
import { SaverSource } from "../interop/chronograph-saver/source.ts";
import { SaverPgSource } from "../interop/chronograph-saver/pg-source.ts";
import { PostgresLangGraphSource } from "../interop/postgres/source.ts";
import { detectPostgres, isPostgresUrl } from "../storage/postgres/langgraph-reads.ts";
import { PostgresSaver } from "../storage/postgres/index.ts";
import { postgresError } from "../storage/postgres/url.ts";
import { SqliteSaver } from "../storage/sqlite/index.ts";
import { bundleCopyDir, bundleReadOnly, bundleTraits, importedBundleCopy, looksLikeBundle } from "./bundle-open.ts";
import { ChronographPostgresSource } from "./chronograph-postgres-source.ts";
import { KIND_TRAITS, traitsFor, type KindTraits } from "./capabilities.ts";
import { ChronographSource } from "./chronograph-source.ts";

export interface SourceOptions {
  /** How long reads wait for another connection's exclusive lock, in ms. */
  busyTimeoutMs?: number;
  /** A folder of the app's own where readers may keep caches derived from the file (never inside the file); none when absent. */
  cacheDir?: string;
}

/** Opens one kind of database read-only; throws coded errors naming the file. */
export type SourceFactory = (path: string, options: SourceOptions) => Promise<HistorySource>;

const FACTORIES: ReadonlyMap<DatabaseKind, SourceFactory> = new Map<DatabaseKind, SourceFactory>([
  ["chronograph", (path, options) => ChronographSource.open(path, options)],
  ["langgraph-js", LANGGRAPH_SOURCE_FACTORIES["langgraph-js"]],
  ["langgraph-py", LANGGRAPH_SOURCE_FACTORIES["langgraph-py"]],
  ["chronograph-saver", (path, options) => SaverSource.open(path, options)],
]);

/** The reader for `kind`, or undefined when this build cannot read that kind. */
export function sourceFactory(kind: DatabaseKind): SourceFactory | undefined {
  return FACTORIES.get(kind);
}

/** Human names of the kinds, for messages. */
export const KIND_NAMES: Record<DatabaseKind, string> = {
  chronograph: "Chronograph",
  "langgraph-js": "LangGraph.js",
  "langgraph-py": "Python LangGraph",
  "chronograph-saver": "LangGraph.js (ChronographSaver)",
};

/**
 * Detect the kind of the file at `path` and open it read-only with its reader. Throws FILE_NOT_FOUND,
 * NOT_A_DATABASE, NOT_A_CHECKPOINT_DATABASE (also for a kind this build cannot read), DATABASE_LOCKED,
 * SCHEMA_TOO_NEW, each naming the file.
 */
export async function openHistorySource(path: string, options: SourceOptions = {}): Promise<HistorySource> {
  return (await openDatabase(path, options)).source;
}

export interface OpenedDatabase {
  source: HistorySource;
  /** What the backend can do with this kind of file (see capabilities.ts). */
  traits: KindTraits;
  /** The reader as the engine's own, for files the engine writes (traits.writer "engine"); else null. */
  engine: EngineReader | null;
  /** Opens the engine's writer on the same database (set with `engine`): SqliteSaver, or PostgresSaver. */
  openEngineWriter: (() => Promise<Checkpointer>) | null;
  /**
   * Where writers and graph hosts connect: the file, or the URL with `?schema=` naming the schema found.
   * A postgres:// URL keeps its password here: never show it (`source.path` is the masked form).
   */
  location: string;
}

/** The engine's own reader (a file or Chronograph's PostgreSQL schema): records and stored graphs come through its saver. */
export type EngineReader = HistorySource & { readonly saver: Checkpointer };

/** openHistorySource, with the file's traits and, for the engine's own files, its typed reader. Same errors. */
export async function openDatabase(path: string, options: SourceOptions = {}): Promise<OpenedDatabase> {
  if (isPostgresUrl(path)) return openPostgres(path);
  const file = resolve(path);
  if (looksLikeBundle(file)) return openBundle(file, options);
  const kind = detectKind(file, options);
  const traits = KIND_TRAITS[kind];
  if (traits.writer === "engine") {
    const engine = await ChronographSource.open(file, options);
    return { source: engine, traits, engine, openEngineWriter: async () => SqliteSaver.open(file, { busyTimeoutMs: options.busyTimeoutMs }), location: file };
  }
  const factory = sourceFactory(kind);
  if (!factory) {
    throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${file}" is a ${KIND_NAMES[kind]} checkpoint database, which this build of Chronograph cannot read yet.`, { file });
  }
  return { source: await factory(file, options), traits, engine: null, openEngineWriter: null, location: file };
}

/**
 * A bundle file (bundle.ts), imported into a Chronograph file in the app's own folder (bundle-open.ts) and
 * read read-only there. Throws FILE_NOT_FOUND or INVALID_ARGUMENT naming the bundle file.
 */
async function openBundle(bundle: string, options: SourceOptions): Promise<OpenedDatabase> {
  const file = await importedBundleCopy(bundle, bundleCopyDir(options.cacheDir));
  const engine = await ChronographSource.open(file, options);
  const refuse = async (): Promise<Checkpointer> => {
    throw bundleReadOnly(bundle);
  };
  return { source: engine, traits: bundleTraits(KIND_TRAITS.chronograph, bundle), engine, openEngineWriter: refuse, location: file };
}

/**
 * A postgres:// URL (`?schema=NAME` for a non-default schema): Chronograph's own schema, LangGraph's
 * PostgresSaver tables or ChronographSaver's lg_ tables, read-only. Throws DATABASE_UNAVAILABLE,
 * NOT_A_CHECKPOINT_DATABASE, SCHEMA_TOO_NEW, each naming the masked URL.
 */
async function openPostgres(url: string): Promise<OpenedDatabase> {
  let found: Awaited<ReturnType<typeof detectPostgres>>;
  try {
    found = await detectPostgres(url);
  } catch (error) {
    // Neither Chronograph's nor LangGraph's tables: ChronographSaver's, perhaps.
    const saver = error instanceof ChronographError && error.code === "NOT_A_CHECKPOINT_DATABASE" ? await openSaverPostgres(url) : null;
    if (saver === null) throw error;
    return saver;
  }
  const opening = found.kind === "chronograph" ? ChronographPostgresSource.open(url, found.schema, found.reader) : PostgresLangGraphSource.open(found.reader);
  const source = await opening.catch(async (error: unknown) => {
    await found.reader.close();
    throw postgresError(error, url);
  });
  const location = withSchemaParam(url, found.schema);
  if (source instanceof ChronographPostgresSource) {
    // Runs and edits write through the engine's PostgresSaver on the same schema.
    return { source, traits: traitsFor(source.kind, "postgres"), engine: source, openEngineWriter: () => PostgresSaver.open(location, { maxConnections: 2 }), location };
  }
  return { source, traits: traitsFor(source.kind, "postgres"), engine: null, openEngineWriter: null, location };
}

/** ChronographSaver's tables in the URL's schema (default "public"), read through its own store opened read-only; null when there are none. */
async function openSaverPostgres(url: string): Promise<OpenedDatabase | null> {
  // Loaded here only: the saver's module is not needed to open any other kind.
  const { openPostgresStore } = await import("../langgraph-saver/postgres-store.ts");
  const { openSaverPgReads } = await import("../langgraph-saver/postgres-reads.ts");
  const store = openPostgresStore(url, { readOnly: true, maxConnections: 2, timeoutMs: 10_000 });
  try {
    // The first call checks the tables and their version.
    await store.changeToken();
  } catch (error) {
    await store.close();
    if (error instanceof ChronographError && error.code === "NOT_A_CHECKPOINT_DATABASE") return null;
    throw error;
  }
  // The paged thread list's aggregates and part reads, on a pool of their own (two connections at most).
  const source = new SaverPgSource(store, openSaverPgReads(url, store.schema));
  return { source, traits: traitsFor(source.kind, "postgres"), engine: null, openEngineWriter: null, location: withSchemaParam(url, store.schema) };
}

function withSchemaParam(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}
