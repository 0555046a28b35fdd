/**
 * Listening for the engine's change notifications (notify.ts) on a dedicated connection, so the debugger
 * learns of new checkpoints on Chronograph's schema without querying. `token` moves with every
 * notification for the schema and with every (re)connection (notifications sent while disconnected are
 * lost, so a reconnect must be treated as a change); it is null while not listening, and the caller then
 * falls back to querying. A lost connection (the server restarted) is retried with a growing delay, up
 * to a few seconds; timers are unref'd and every connection attempt has a timeout, so nothing hangs or
 * keeps the process alive. Errors are never thrown from here, and the URL is never printed.
 */
import type pg from "pg";
import { loadPg } from "./connection.ts";
import { NOTIFY_CHANNEL, payloadSchema } from "./notify.ts";

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 3_000;

export class ChangeListener {
  private client: pg.Client | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private delay = FIRST_DELAY_MS;
  private generation = 0;
  private seen = 0;

  private constructor(
    private readonly url: string,
    private readonly schema: string,
  ) {}

  /** Start listening for `schema`'s changes; resolves once the first attempt succeeded or failed (then it keeps retrying). */
  static async start(url: string, schema: string): Promise<ChangeListener> {
    const listener = new ChangeListener(url, schema);
    await listener.connect().catch(() => listener.retry());
    return listener;
  }

  /** Moves with each notification and reconnection; null while not listening. */
  get token(): string | null {
    return this.client === null ? null : `live:${this.generation}:${this.seen}`;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const parsed = new URL(this.url);
    parsed.searchParams.delete("schema");
    parsed.searchParams.delete("options");
    const client = new (loadPg().Client)({ connectionString: parsed.toString(), connectionTimeoutMillis: 5_000, query_timeout: 5_000, keepAlive: true });
    const lost = () => this.lost(client);
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (message) => {
      if (message.channel === NOTIFY_CHANNEL && payloadSchema(message.payload) === this.schema) this.seen += 1;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.generation += 1;
    this.delay = FIRST_DELAY_MS;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.retry();
  }

  private retry(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().catch(() => {
        this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
        this.retry();
      });
    }, this.delay);
    this.timer.unref();
  }
}
