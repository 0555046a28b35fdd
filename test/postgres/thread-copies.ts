/**
 * Many threads in Chronograph's schema on PostgreSQL, fast: three threads the engine writes (done,
 * interrupted, failed), then `count` copies of them made in SQL, with spread and tied update times, every
 * seventh id with an underscore (job_00042, an ILIKE wildcard) and every fifth graph named "Audit%Flow".
 * For the thread-page test and bench/postgres-thread-page.ts.
 */
import pg from "pg";
import { append, END, START, StateGraph } from "../../core/index.ts";
import { PostgresSaver } from "../../core/storage/postgres/index.ts";

export async function seedThreadCopies(url: string, schema: string, count: number): Promise<void> {
  const saver = await PostgresSaver.open(url, { schema });
  const graph = (interrupt: boolean) =>
    new StateGraph<{ log: string[] }>({ name: "review", channels: { log: append<string>() } })
      .addNode("draft", (state: { log: string[] }) => {
        if (state.log.includes("fail")) throw new Error("draft failed");
        return { log: ["drafted"] };
      })
      .addNode("check", () => ({ log: ["checked"] }))
      .addEdge(START, "draft")
      .addEdge("draft", "check")
      .addEdge("check", END)
      .compile({ checkpointer: saver, interruptBefore: interrupt ? ["check"] : [] });
  await graph(false).invoke({ log: ["start"] }, { threadId: "tpl-done" });
  await graph(true).invoke({ log: ["start"] }, { threadId: "tpl-wait" });
  await graph(false)
    .invoke({ log: ["fail"] }, { threadId: "tpl-fail" })
    .catch(() => undefined);
  await saver.close();
  const s = `"${schema}"`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      CREATE TEMP TABLE copies AS SELECT n, CASE WHEN n % 7 = 0 THEN 'job_' ELSE 'job-' END || lpad(n::text, 5, '0') AS id,
        (ARRAY['tpl-done', 'tpl-wait', 'tpl-fail'])[n % 3 + 1] AS tpl FROM generate_series(1, ${count}) n;
      INSERT INTO ${s}.threads SELECT c.id, CASE WHEN c.n % 5 = 0 THEN 'Audit%Flow' ELSE t.graph_name END, t.last_node, t.step, t.checkpoint_count, t.branch_count,
        t.head_checkpoint_id, t.created_at + c.n % 11, 1000000 + (c.n * 7919) % 600 FROM copies c JOIN ${s}.threads t ON t.thread_id = c.tpl;
      INSERT INTO ${s}.checkpoints (thread_id, checkpoint_id, parent_id, step, source, created_at, meta, writes, writes_z, channels)
        SELECT c.id, k.checkpoint_id, k.parent_id, k.step, k.source, k.created_at, k.meta, k.writes, k.writes_z, k.channels
        FROM copies c JOIN ${s}.checkpoints k ON k.thread_id = c.tpl ORDER BY c.n, k.seq;
      INSERT INTO ${s}.writes SELECT c.id, w.checkpoint_id, w.seq, w.task_id, w.node, w.kind, w.value FROM copies c JOIN ${s}.writes w ON w.thread_id = c.tpl;
      INSERT INTO ${s}.blobs SELECT c.id, b.id, b.data FROM copies c JOIN ${s}.blobs b ON b.thread_id = c.tpl;
      ANALYZE ${s}.threads; ANALYZE ${s}.checkpoints; ANALYZE ${s}.writes;
    `);
  } finally {
    await client.end();
  }
}

/**
 * LangGraph.js's PostgresSaver tables with `count` copies (lg-00001...) of two threads its own saver wrote:
 * one with subgraph namespaces waiting on an interrupt, one plain and done. Every table's rows are copied
 * with only the thread id changed, so the copies share checkpoint ids (ties broken by thread id).
 */
export async function seedLangGraphCopies(url: string, schema: string, count: number): Promise<void> {
  const { PostgresSaver: LangGraphSaver } = await import("@langchain/langgraph-checkpoint-postgres");
  const { essayGraph, nestedInterruptGraph } = await import("../interop/langgraph-graphs.ts");
  const saver = LangGraphSaver.fromConnString(url, { schema });
  await saver.setup();
  await nestedInterruptGraph(saver as never).invoke({ notes: ["start"] }, { configurable: { thread_id: "tpl-nested" } });
  await essayGraph(saver as never).invoke({ title: "essay" }, { configurable: { thread_id: "tpl-essay" } });
  await saver.end();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TEMP TABLE copies AS SELECT 'lg-' || lpad(n::text, 5, '0') AS id, (ARRAY['tpl-nested', 'tpl-essay'])[n % 2 + 1] AS tpl FROM generate_series(1, ${count}) n`);
    for (const table of ["checkpoints", "checkpoint_blobs", "checkpoint_writes"]) {
      const columns = (await client.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name <> 'thread_id'", [schema, table])).rows.map((row) => `"${row.c}"`);
      await client.query(`INSERT INTO "${schema}".${table} (thread_id, ${columns.join(", ")}) SELECT c.id, ${columns.map((c) => `k.${c}`).join(", ")} FROM copies c JOIN "${schema}".${table} k ON k.thread_id = c.tpl`);
    }
    await client.query(`ANALYZE "${schema}".checkpoints; ANALYZE "${schema}".checkpoint_writes; ANALYZE "${schema}".checkpoint_blobs`);
  } finally {
    await client.end();
  }
}
