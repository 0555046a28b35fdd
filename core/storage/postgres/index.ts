/** The PostgreSQL checkpointer. This folder is the only part of core that imports pg. */
export { type PostgresOpenOptions } from "./connection.ts";
export { PostgresSaver } from "./saver.ts";
export { SCHEMA_VERSION } from "./schema.ts";
export { maskUrl } from "./url.ts";
