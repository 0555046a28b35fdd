/** ChronographSaver: Chronograph's storage as a LangGraph.js checkpointer. Published as `chronograph/langgraph`. */
export { ChronographSaver, type ChronographSaverOptions } from "./saver.ts";
export type { SaverStore, CheckpointRow, ValueRow, WriteRow, CheckpointQuery } from "./store.ts";
export { openSqliteStore, type SqliteStoreOptions } from "./sqlite-store.ts";
export { openPostgresStore, type ChronographSaverPostgresOptions, type PostgresStore, type PostgresStoreOptions } from "./postgres-store.ts";
export { POSTGRES_SAVER_SCHEMA_VERSION } from "./postgres-schema.ts";
export { SAVER_SCHEMA_VERSION } from "./schema.ts";
