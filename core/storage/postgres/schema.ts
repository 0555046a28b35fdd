/**
 * The PostgreSQL schema, as numbered migrations run in order inside one transaction, with the version
 * kept in `schema_version`. The tables mirror the SQLite store (see ../sqlite/schema.ts): a checkpoint
 * row keeps the channel versions it wrote in `channels` and the nodes' updates in `writes` (from version 2,
 * large ones deflated in `writes_z`: compress.ts), large values sit in `blobs`, pending writes in
 * `writes`, one summary row per thread in `threads`, topologies in `graphs`. The record's other fields
 * live in one JSON text column, `meta`, so the store keeps whatever the engine hands it.
 *
 * Two functions make each write one round trip and one transaction: `put_checkpoint` (lock the thread's
 * row, check the head and the parent, insert the row and its large values, update the
 * summary) and `put_writes`. Both raise our own SQLSTATEs (url.ts) for conflicts and missing rows.
 */
import type { Pool, PoolClient } from "pg";
import { withConnection } from "./connection.ts";
import { ChronographError } from "../../api/errors.ts";
import { CONFLICT_STATE, MISSING_CHECKPOINT_STATE, MISSING_PARENT_STATE } from "./url.ts";

/**
 * The put_checkpoint function (one round trip per checkpoint). From version 2 it also takes the record's
 * writes deflated (`p_writes_z`, stored in `writes_z` with `writes` null; see compress.ts).
 */
function putCheckpoint(s: string, compressed: boolean): string {
  return `
CREATE FUNCTION ${s}.put_checkpoint(
  p_thread text, p_id text, p_parent text, p_step integer, p_source text, p_created bigint, p_meta text, p_writes text,${compressed ? " p_writes_z bytea," : ""}
  p_channels text, p_graph_name text, p_last_node text, p_check_head boolean, p_large_ids bigint[], p_large_data text[]
) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_head text;
  v_extends_leaf boolean;
  v_new boolean;
BEGIN
  INSERT INTO ${s}.threads AS t (thread_id, graph_name, last_node, step, checkpoint_count, branch_count, head_checkpoint_id, created_at, updated_at)
  VALUES (p_thread, p_graph_name, p_last_node, p_step, 1, 1, p_id, p_created, p_created)
  ON CONFLICT (thread_id) DO NOTHING;
  v_new := FOUND;
  IF NOT v_new THEN
    -- The row lock serializes writers of this thread only; other threads never wait for it.
    SELECT head_checkpoint_id INTO v_head FROM ${s}.threads WHERE thread_id = p_thread FOR UPDATE;
  END IF;
  IF p_check_head AND v_head IS DISTINCT FROM p_parent THEN
    RAISE EXCEPTION USING ERRCODE = '${CONFLICT_STATE}', MESSAGE = coalesce(v_head, '');
  END IF;
  IF p_parent IS NOT NULL THEN
    PERFORM 1 FROM ${s}.checkpoints WHERE thread_id = p_thread AND checkpoint_id = p_parent;
    IF NOT FOUND THEN
      RAISE EXCEPTION USING ERRCODE = '${MISSING_PARENT_STATE}', MESSAGE = p_parent;
    END IF;
  END IF;
  -- Under the thread's row lock, so two writers of the thread cannot both extend one leaf.
  IF NOT v_new THEN
    v_extends_leaf := p_parent IS NOT DISTINCT FROM v_head;
    IF NOT v_extends_leaf THEN
      INSERT INTO ${s}.leaves (thread_id, checkpoint_id) VALUES (p_thread, v_head) ON CONFLICT DO NOTHING;
      DELETE FROM ${s}.leaves WHERE thread_id = p_thread AND checkpoint_id = p_parent;
      v_extends_leaf := FOUND;
    END IF;
  END IF;
  INSERT INTO ${s}.checkpoints (thread_id, checkpoint_id, parent_id, step, source, created_at, meta, writes, ${compressed ? "writes_z, " : ""}channels)
  VALUES (p_thread, p_id, p_parent, p_step, p_source, p_created, p_meta, p_writes, ${compressed ? "p_writes_z, " : ""}p_channels);
  IF p_large_ids IS NOT NULL THEN
    INSERT INTO ${s}.blobs (thread_id, id, data) SELECT p_thread, u.id, u.data FROM unnest(p_large_ids, p_large_data) AS u(id, data);
  END IF;
  IF NOT v_new THEN
    UPDATE ${s}.threads SET graph_name = coalesce(p_graph_name, graph_name), last_node = p_last_node, step = p_step,
      checkpoint_count = checkpoint_count + 1,
      -- A new checkpoint is a new leaf unless it extends a leaf (a parent with no children yet).
      branch_count = branch_count + CASE WHEN v_extends_leaf THEN 0 ELSE 1 END,
      head_checkpoint_id = p_id, updated_at = p_created
    WHERE thread_id = p_thread;
  END IF;
END
$fn$;
`;
}

function version1(s: string): string {
  return `
CREATE TABLE ${s}.schema_version (version integer NOT NULL);
CREATE TABLE ${s}.checkpoints (
  seq bigserial PRIMARY KEY,
  thread_id text NOT NULL,
  checkpoint_id text NOT NULL,
  parent_id text,
  step integer NOT NULL,
  source text NOT NULL,
  created_at bigint NOT NULL,
  meta text NOT NULL,
  writes text,
  channels text NOT NULL,
  UNIQUE (thread_id, checkpoint_id)
);
-- A checkpoint row is never updated by a put: in PostgreSQL an update writes a whole new copy of the
-- row, which would double the bytes of every superstep. Whether a checkpoint has children is kept
-- instead as the thread's leaves: its head (the newest checkpoint, which never has children) and, in
-- this table, every other leaf. The usual put extends the head and touches no row here.
CREATE TABLE ${s}.leaves (thread_id text NOT NULL, checkpoint_id text NOT NULL, PRIMARY KEY (thread_id, checkpoint_id));
CREATE TABLE ${s}.blobs (thread_id text NOT NULL, id bigint NOT NULL, data text NOT NULL, PRIMARY KEY (thread_id, id));
CREATE TABLE ${s}.writes (
  thread_id text NOT NULL,
  checkpoint_id text NOT NULL,
  seq integer NOT NULL,
  task_id text NOT NULL,
  node text NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_id, seq)
);
CREATE TABLE ${s}.threads (
  thread_id text PRIMARY KEY,
  graph_name text,
  last_node text,
  step integer NOT NULL,
  checkpoint_count integer NOT NULL,
  branch_count integer NOT NULL,
  head_checkpoint_id text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE TABLE ${s}.graphs (hash text PRIMARY KEY, name text NOT NULL, description text NOT NULL);

${putCheckpoint(s, false)}

CREATE FUNCTION ${s}.put_writes(
  p_thread text, p_checkpoint text, p_check_head boolean, p_tasks text[], p_nodes text[], p_kinds text[], p_values text[]
) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_next integer;
BEGIN
  -- Locking the checkpoint's row orders concurrent savers of its writes.
  PERFORM 1 FROM ${s}.checkpoints WHERE thread_id = p_thread AND checkpoint_id = p_checkpoint FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = '${MISSING_CHECKPOINT_STATE}', MESSAGE = p_checkpoint;
  END IF;
  IF p_check_head AND NOT EXISTS (SELECT 1 FROM ${s}.threads WHERE thread_id = p_thread AND head_checkpoint_id = p_checkpoint) THEN
    RAISE EXCEPTION USING ERRCODE = '${CONFLICT_STATE}', MESSAGE = '';
  END IF;
  SELECT coalesce(max(seq) + 1, 0) INTO v_next FROM ${s}.writes WHERE thread_id = p_thread AND checkpoint_id = p_checkpoint;
  INSERT INTO ${s}.writes (thread_id, checkpoint_id, seq, task_id, node, kind, value)
  SELECT p_thread, p_checkpoint, v_next + u.ord::integer - 1, u.task_id, u.node, u.kind, u.value
  FROM unnest(p_tasks, p_nodes, p_kinds, p_values) WITH ORDINALITY AS u(task_id, node, kind, value, ord);
END
$fn$;
`;
}

/**
 * Version 2: a record's writes of some size are stored deflated, as bytes (`writes_z`): PostgreSQL compresses
 * only rows over about 2 KB, and with an LZ coder alone, so a 1 KB message stayed whole in every row.
 * Adding a nullable column rewrites no row; rows stored before keep their text. The version-1 put_checkpoint
 * (14 arguments) stays beside the new one (15), so workers still on the previous Chronograph keep writing
 * (their updates as text) after a newer worker or the debugger's edit upgraded the schema.
 */
function version2(s: string): string {
  return `
ALTER TABLE ${s}.checkpoints ADD COLUMN writes_z bytea;
${putCheckpoint(s, true)}`;
}

const MIGRATIONS: ReadonlyArray<(schema: string) => string> = [version1, version2];

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** `schema` quoted for splicing into SQL (checkSchemaName has made sure it is a plain identifier). */
export function quoted(schema: string): string {
  return `"${schema}"`;
}

async function versionOf(client: PoolClient, schema: string): Promise<number | null> {
  const table = await client.query<{ exists: boolean }>("SELECT to_regclass($1) IS NOT NULL AS exists", [`${quoted(schema)}.schema_version`]);
  if (!table.rows[0]!.exists) return null;
  const version = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${quoted(schema)}.schema_version`);
  return version.rows[0]!.version ?? 0;
}

async function readOnly(client: PoolClient): Promise<boolean> {
  return (await client.query<{ on: boolean }>("SELECT current_setting('transaction_read_only') = 'on' AS on")).rows[0]!.on;
}

/**
 * Create or upgrade the schema in one transaction, holding an advisory lock so two workers opening a
 * new database at once do not both create it. Throws SCHEMA_TOO_NEW, or NOT_A_CHECKPOINT_DATABASE when
 * the schema holds other tables than ours; `where` is the masked URL for messages. `target` is for tests
 * that need an older schema to upgrade. Returns the version the schema is at: on a read-only connection an
 * older version (from 1) is left as it is, and the reads select its columns (a version-1 row has no `writes_z`).
 */
export async function migrate(pool: Pool, schema: string, where: string, target = SCHEMA_VERSION): Promise<number> {
  return withConnection(pool, async (client) => {
    try {
      const current = await versionOf(client, schema);
      if (current === target) return target;
      // A read-only connection (the debugger's) reads an older schema as it is: opening never writes, and
      // workers still on that version keep writing. Only a writable open upgrades it.
      if (current !== null && current >= 1 && current < target && (await readOnly(client))) return current;
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`chronograph:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(schema)}`);
      const from = await versionOf(client, schema);
      if (from === null) {
        const others = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename IN ('checkpoints', 'writes', 'threads', 'blobs')", [schema]);
        if (others.rowCount! > 0) {
          throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `Schema "${schema}" at ${where} holds tables that are not Chronograph's; choose another schema with ?schema=NAME.`, { database: where });
        }
      }
      if (from !== null && from > SCHEMA_VERSION) {
        throw new ChronographError("SCHEMA_TOO_NEW", `Schema "${schema}" at ${where} has schema version ${from}, newer than this Chronograph understands (${SCHEMA_VERSION}); update Chronograph.`, { database: where });
      }
      for (let index = from ?? 0; index < target; index += 1) await client.query(MIGRATIONS[index]!(quoted(schema)));
      await client.query(`DELETE FROM ${quoted(schema)}.schema_version`);
      await client.query(`INSERT INTO ${quoted(schema)}.schema_version (version) VALUES ($1)`, [target]);
      await client.query("COMMIT");
      return target;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
}
