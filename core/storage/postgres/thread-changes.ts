/**
 * Which threads of Chronograph's schema on PostgreSQL changed since the last look, without sending every
 * thread's stamp to the client: the server groups the threads into BUCKETS by a hash of their id and
 * answers one digest per bucket (md5 of its threads' stamps, readThreadStamps' stamps, in id order); only
 * buckets whose digest moved send their stamps, which are compared with the ones kept from before. The
 * server still computes every stamp (one pass over `threads`); what the backend receives and compares is
 * BUCKETS digests plus the changed buckets' threads, about 100 per bucket at 100,000 threads.
 */
import type { ThreadPageReader } from "./thread-page.ts";

const BUCKETS = 1024;

/** Each thread's bucket, id and stamp (readThreadStamps' stamp), from `threads` aliased t. */
function stampsSql(s: string): string {
  return `SELECT hashtext(t.thread_id) & ${BUCKETS - 1} AS bucket, t.thread_id, t.head_checkpoint_id || '/' || t.checkpoint_count || '/' || t.branch_count || '/' ||
       (SELECT count(*) FROM ${s}.writes w WHERE w.thread_id = t.thread_id AND w.checkpoint_id = t.head_checkpoint_id) AS stamp
     FROM ${s}.threads t`;
}

export class PgThreadChanges {
  /** Per bucket, its digest and its threads' stamps as last read. */
  private buckets: Map<number, { digest: string; stamps: Map<string, string> }> | null = null;

  constructor(private readonly reader: ThreadPageReader) {}

  /** Ids of threads new, changed or gone since the previous call; the first call reads every stamp once and answers []. */
  async changed(): Promise<string[]> {
    const s = this.reader.schema;
    if (!this.buckets) {
      // Digests first: a write between the two reads leaves a stored digest older than the stamps, so the
      // next call reads that bucket again (and finds nothing new) rather than missing a later change.
      const digests = await this.digests();
      const rows = await this.reader.query<[number, string, string]>(`${stampsSql(s)} ORDER BY t.thread_id COLLATE "C"`, []);
      const buckets = new Map<number, { digest: string; stamps: Map<string, string> }>();
      for (const [bucket, threadId, stamp] of rows) {
        let entry = buckets.get(bucket);
        if (!entry) buckets.set(bucket, (entry = { digest: "", stamps: new Map() }));
        entry.stamps.set(threadId, stamp);
      }
      for (const [bucket, entry] of buckets) entry.digest = digests.get(bucket) ?? "";
      this.buckets = buckets;
      return [];
    }
    const digests = await this.digests();
    const moved = [...new Set([...digests.keys(), ...this.buckets.keys()])].filter((bucket) => digests.get(bucket) !== this.buckets!.get(bucket)?.digest);
    if (moved.length === 0) return [];
    const rows = await this.reader.query<[number, string, string]>(`SELECT * FROM (${stampsSql(s)}) x WHERE x.bucket = ANY($1::int[])`, [moved]);
    const fresh = new Map<number, Map<string, string>>(moved.map((bucket) => [bucket, new Map()]));
    for (const [bucket, threadId, stamp] of rows) fresh.get(bucket)!.set(threadId, stamp);
    const changed: string[] = [];
    for (const bucket of moved) {
      const before = this.buckets.get(bucket)?.stamps ?? new Map<string, string>();
      const after = fresh.get(bucket)!;
      for (const [threadId, stamp] of after) if (before.get(threadId) !== stamp) changed.push(threadId);
      for (const threadId of before.keys()) if (!after.has(threadId)) changed.push(threadId);
      if (after.size === 0) this.buckets.delete(bucket);
      else this.buckets.set(bucket, { digest: digests.get(bucket) ?? "", stamps: after });
    }
    return changed;
  }

  /** One digest per bucket that has threads. */
  private async digests(): Promise<Map<number, string>> {
    const rows = await this.reader.query<[number, string]>(
      `SELECT x.bucket, md5(string_agg(x.thread_id || chr(1) || x.stamp, chr(2) ORDER BY x.thread_id COLLATE "C")) FROM (${stampsSql(this.reader.schema)}) x GROUP BY x.bucket`,
      [],
    );
    return new Map(rows);
  }
}
