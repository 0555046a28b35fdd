/**
 * Reading checkpoints back from PostgreSQL. A read fetches its checkpoint rows with their pending
 * writes in one query, then the large values those rows name in one more; only a value built on older
 * versions than the rows hold costs a further query, which fetches that version's whole ancestry at once.
 */
import { createHash } from "node:crypto";
import type { CheckpointTuple, ListOptions } from "../../checkpoint/types.ts";
import { Materializer } from "../sqlite/materialize.ts";
import type { StoredBlob } from "../sqlite/stored-blob.ts";
import { writesColumn } from "./compress.ts";
import { checkpointColumns, type CheckpointRow, pendingColumn, pendingFromRow, recordFromRow } from "./rows.ts";
import { KnownRows, type Miss, resolving } from "./version-cache.ts";

/** A statement pg prepares once per connection under `name` (derived from its text), then only binds and executes. */
export interface Statement {
  name: string;
  text: string;
}

export function statement(text: string): Statement {
  return { name: `cg_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`, text };
}

/** Runs one parameterized query (prepared once per connection when named) and returns its rows as arrays. */
export type RowQuery = <R extends unknown[]>(sql: string | Statement, params: unknown[]) => Promise<R[]>;

/** How many ancestors one version fetch brings along: a chain is read in few round trips. */
const ANCESTRY = 512;

/** Learn what `miss` names: a version with its ancestry, or one large value. */
export async function fetchMiss(query: RowQuery, schema: string, threadId: string, known: KnownRows, miss: Miss, depth = ANCESTRY, compressed = true): Promise<void> {
  if (miss.kind === "large") {
    const rows = await query<[string]>(`SELECT data FROM ${schema}.blobs WHERE thread_id = $1 AND id = $2`, [threadId, miss.key]);
    // A missing large value is a damaged store; the materializer reports it as such.
    known.large.set(miss.key as number, rows[0]?.[0] ?? "null");
    return;
  }
  const rows = await query<[string, string | null, string, string | null]>(
    `WITH RECURSIVE chain (checkpoint_id, parent_id, channels, writes, writes_z, n) AS (
       SELECT checkpoint_id, parent_id, channels, writes, ${compressed ? "writes_z" : "NULL::bytea"}, 1 FROM ${schema}.checkpoints WHERE thread_id = $1 AND checkpoint_id = $2
       UNION ALL
       SELECT c.checkpoint_id, c.parent_id, c.channels, c.writes, ${compressed ? "c.writes_z" : "NULL::bytea"}, chain.n + 1 FROM ${schema}.checkpoints c
         JOIN chain ON c.thread_id = $1 AND c.checkpoint_id = chain.parent_id WHERE chain.n < $3)
     SELECT checkpoint_id, parent_id, channels, ${writesColumn("chain")} FROM chain`,
    [threadId, miss.key, depth],
  );
  for (const [id, parent, channels, writes] of rows) if (!known.versions.has(id)) known.addVersion(id, parent, channels, writes);
  if (!known.versions.has(miss.key as string)) known.versions.set(miss.key as string, null);
}

/** Seed `known` with the rows' versions and fetch every large value they name in one query. */
async function seed(query: RowQuery, schema: string, threadId: string, rows: CheckpointRow[]): Promise<KnownRows> {
  const known = new KnownRows();
  const large: number[] = [];
  for (const row of rows) {
    known.addVersion(row[0], row[1], row[7], row[6]);
    for (const stored of Object.values(known.versions.get(row[0])!.channels) as StoredBlob[]) if (stored.x !== undefined) large.push(stored.x);
  }
  if (large.length > 0) {
    for (const [id, data] of await query<[number, string]>(`SELECT id, data FROM ${schema}.blobs WHERE thread_id = $1 AND id = ANY($2)`, [threadId, large])) known.large.set(id, data);
  }
  return known;
}

async function tuples(query: RowQuery, schema: string, threadId: string, rows: CheckpointRow[], values: boolean, shared: boolean, compressed: boolean): Promise<CheckpointTuple[]> {
  const known = await seed(query, schema, threadId, rows);
  const build = () => {
    const materializer = values ? new Materializer(threadId, known.lookup, known.largeLookup, shared) : undefined;
    return rows.map((row) => {
      const record = recordFromRow(threadId, row);
      const built: Record<string, unknown> = {};
      if (materializer) {
        for (const [channel, version] of Object.entries(record.versions)) {
          const value = materializer.value(channel, version);
          if (value !== undefined) built[channel] = value;
        }
      }
      return { record, values: built, pendingWrites: pendingFromRow(row) };
    });
  };
  return resolving(build, (miss) => fetchMiss(query, schema, threadId, known, miss, ANCESTRY, compressed));
}

/**
 * One checkpoint (the thread's head when `checkpointId` is omitted) with fresh values, or undefined.
 * `compressed` is false on a version-1 schema (no `writes_z` column), as for readList.
 */
export async function readTuple(query: RowQuery, schema: string, threadId: string, checkpointId: string | undefined, compressed = true): Promise<CheckpointTuple | undefined> {
  const rows = await query<CheckpointRow>(
    statement(`SELECT ${checkpointColumns(compressed)}, ${pendingColumn(schema)} FROM ${schema}.checkpoints c
     WHERE c.thread_id = $1 AND c.checkpoint_id = coalesce($2, (SELECT head_checkpoint_id FROM ${schema}.threads WHERE thread_id = $1))`),
    [threadId, checkpointId ?? null],
  );
  if (rows.length === 0) return undefined;
  return (await tuples(query, schema, threadId, rows, true, false, compressed))[0];
}

/** The thread's checkpoints newest first (insertion order), filtered and limited; values shared and frozen. */
export async function readList(query: RowQuery, schema: string, threadId: string, options: ListOptions, compressed = true): Promise<CheckpointTuple[]> {
  const rows = await query<CheckpointRow>(
    `SELECT ${checkpointColumns(compressed)}, ${pendingColumn(schema)} FROM ${schema}.checkpoints c
     WHERE c.thread_id = $1
       AND ($2::text IS NULL OR c.seq < (SELECT seq FROM ${schema}.checkpoints WHERE thread_id = $1 AND checkpoint_id = $2))
       AND ($3::text IS NULL OR c.source = $3) AND ($4::integer IS NULL OR c.step = $4)
     ORDER BY c.seq DESC LIMIT $5`,
    [threadId, options.before ?? null, options.filter?.source ?? null, options.filter?.step ?? null, options.limit === undefined ? null : Math.max(0, Math.floor(options.limit))],
  );
  return tuples(query, schema, threadId, rows, options.withValues !== false, true, compressed);
}
