/**
 * The HistorySource over Chronograph's own schema on PostgreSQL, through PostgresSaver's read API (as
 * chronograph-source.ts reads a SQLite file through SqliteSaver). Its connections run every transaction
 * READ ONLY, so opening and browsing never write: a schema at an older version (from 1, still written by
 * workers of the previous Chronograph) is read as it is, never upgraded; edits and runs write through the
 * engine's writable saver, which upgrades it (schema.ts keeps older workers able to write).
 * The engine's PostgresSaver NOTIFYs each write (core/storage/postgres/notify.ts): the change token moves
 * with those notifications, heard on a dedicated LISTEN connection, so the live view costs no query. A
 * writer that does not notify (an older Chronograph) is still seen: the token also carries the newest ids
 * and row counts, re-queried every few seconds, and is that query alone while the listener reconnects.
 */
import { ChronographError } from "../api/errors.ts";
import type { HistorySource } from "../api/history-source.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView, ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "../api/types.ts";
import type { CheckpointTuple } from "../checkpoint/types.ts";
import { PostgresSaver } from "../storage/postgres/index.ts";
import { readOnlyUrl, type LangGraphPgReader } from "../storage/postgres/langgraph-reads.ts";
import { ChangeListener } from "../storage/postgres/listen.ts";
import type { RowQuery } from "../storage/postgres/reads.ts";
import { quoted } from "../storage/postgres/schema.ts";
import { PgThreadChanges } from "../storage/postgres/thread-changes.ts";
import { readThreadKeys, readThreadPage, readThreadStamps, type ThreadPageReader } from "../storage/postgres/thread-page.ts";
import { entryOf, threadRowOf, versionsOf, viewOf } from "./entries.ts";
import { inferGraphView, toGraphView } from "./graph-view.ts";

/** How often the token re-queries for writers that send no notification. */
const PROBE_EVERY_MS = 5_000;

export class ChronographPostgresSource implements HistorySource {
  readonly kind = "chronograph" as const;

  private constructor(
    /** The read-only saver; the debugger also reads records and stored graphs through it (runs, edits, bundles). */
    readonly saver: PostgresSaver,
    private readonly probe: LangGraphPgReader,
    private readonly live: ChangeListener,
  ) {}

  private probed = "";
  private probedAt = -Infinity;

  /** The masked URL with its schema. */
  get path(): string {
    return this.probe.where;
  }

  /** Open Chronograph's schema `schema` at `url` read-only; `probe` (detectPostgres's reader) answers changeToken. */
  static async open(url: string, schema: string, probe: LangGraphPgReader): Promise<ChronographPostgresSource> {
    const saver = await PostgresSaver.open(readOnlyUrl(url), { schema, maxConnections: 2 });
    // Listening starts before the first read, so no write between the two goes unheard.
    return new ChronographPostgresSource(saver, probe, await ChangeListener.start(url, schema));
  }

  async listThreads(): Promise<ThreadRow[]> {
    return (await this.saver.listThreads()).map(threadRowOf);
  }

  /** One page of the thread list: filtered, ordered, counted and cut in SQL; only the page's heads decoded (thread-page.ts). */
  pageThreads(query: ThreadQuery): Promise<ThreadPage> {
    return readThreadPage(this.pages, query);
  }

  threadStamps(): Promise<Map<string, string>> {
    return readThreadStamps(this.pages);
  }

  /** Threads changed since the previous call, told by per-bucket digests the server computes (thread-changes.ts). */
  changedThreads(): Promise<string[]> {
    this.changes ??= new PgThreadChanges(this.pages);
    return this.changes.changed();
  }

  private changes: PgThreadChanges | undefined;

  threadKeys(): Promise<ThreadKey[]> {
    return readThreadKeys(this.pages);
  }

  /** The thread's newest `limit` checkpoints without values, newest first (a run's new rows, without re-reading the thread). */
  async listCheckpointsPage(thread: ThreadKey, page: { limit: number }): Promise<CheckpointEntry[]> {
    const tuples = await this.saver.list(this.threadId(thread), { withValues: false, limit: page.limit });
    if (tuples.length === 0) throw this.threadNotFound(thread);
    return tuples.map((tuple) => entryOf(tuple.record, tuple.pendingWrites));
  }

  /** How the thread list's queries run: on the probe's read-only pool, against the saver's schema and version. */
  get pages(): ThreadPageReader {
    const query: RowQuery = <R extends unknown[]>(sql: string | { text: string }, params: unknown[]) =>
      this.probe.readOnly(async (client) => (await client.query({ text: typeof sql === "string" ? sql : sql.text, values: params, rowMode: "array" })).rows as R[]);
    this.pageReader ??= { query, schema: quoted(this.saver.schema), compressed: this.saver.schemaVersion >= 2 };
    return this.pageReader;
  }

  private pageReader: ThreadPageReader | undefined;

  async listCheckpoints(thread: ThreadKey): Promise<CheckpointEntry[]> {
    const tuples = await this.saver.list(this.threadId(thread), { withValues: false });
    if (tuples.length === 0) throw this.threadNotFound(thread);
    return tuples.map((tuple) => entryOf(tuple.record, tuple.pendingWrites));
  }

  async getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView> {
    return viewOf(await this.tuple(thread, checkpointId));
  }

  async listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]> {
    const tuples = await this.saver.list(this.threadId(thread));
    if (tuples.length === 0) throw this.threadNotFound(thread);
    return tuples.map(viewOf);
  }

  async getGraph(thread: ThreadKey): Promise<GraphView> {
    const head = await this.saver.getTuple(this.threadId(thread));
    if (!head) throw this.threadNotFound(thread);
    const description = head.record.graph ? await this.saver.loadGraph(head.record.graph.hash) : undefined;
    if (description) return toGraphView(description, "stored");
    return inferGraphView(head.record.graph?.name ?? thread.threadId, await this.listCheckpoints(thread));
  }

  async getVersions(thread: ThreadKey, checkpointId: string): Promise<CheckpointVersions> {
    return versionsOf((await this.tuple(thread, checkpointId)).record);
  }

  async changeToken(): Promise<string> {
    const live = this.live.token;
    if (live === null) return this.probe.changeToken();
    if (performance.now() - this.probedAt > PROBE_EVERY_MS) {
      this.probed = await this.probe.changeToken();
      this.probedAt = performance.now();
    }
    return `${live}|${this.probed}`;
  }

  async close(): Promise<void> {
    await this.live.close();
    await this.saver.close();
    await this.probe.close();
  }

  private async tuple(thread: ThreadKey, checkpointId: string): Promise<CheckpointTuple> {
    const tuple = await this.saver.getTuple(this.threadId(thread), checkpointId);
    if (tuple) return tuple;
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${thread.threadId}" of ${this.path}.`, {
      database: this.path,
      thread: thread.threadId,
      checkpoint: checkpointId,
    });
  }

  private threadId(thread: ThreadKey): string {
    if (thread.namespace !== "") throw this.threadNotFound(thread);
    return thread.threadId;
  }

  private threadNotFound(thread: ThreadKey): ChronographError {
    const where = thread.namespace ? ` (namespace "${thread.namespace}")` : "";
    return new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}"${where} does not exist in ${this.path}.`, { database: this.path, thread: thread.threadId });
  }
}
