/** The SQLite checkpointer. This folder is the only part of core that imports better-sqlite3. */
export { SqliteSaver } from "./saver.ts";
export { type OpenOptions, type SqlitePragmas, readPragmas } from "./connection.ts";
export { SCHEMA_VERSION } from "./schema.ts";
