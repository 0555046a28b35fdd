/**
 * Counts a raw connection's `all` reads whose SQL matches, for tests that check what a read does not do
 * (inspect never reads the thread index; pages read the light history once).
 */
import type { RawDatabase } from "../../core/storage/sqlite/raw.ts";

/** From now on, counts `db.all` calls whose SQL `matches`; returns the count so far. */
export function countSqlReads(db: RawDatabase, matches: (sql: string) => boolean): () => number {
  const all = db.all.bind(db);
  let reads = 0;
  db.all = ((sql: string, ...params: unknown[]) => {
    if (matches(sql)) reads += 1;
    return all(sql, ...params);
  }) as typeof db.all;
  return () => reads;
}
