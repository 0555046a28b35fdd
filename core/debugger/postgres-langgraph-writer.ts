/**
 * Opens interop's writer of LangGraph's PostgreSQL tables (core/interop/edit/postgres-writer.ts) over the
 * storage layer's rows and transactions (core/storage/postgres): interop does not import storage, so the
 * two meet here. Throws the reader's coded errors (DATABASE_UNAVAILABLE, NOT_A_CHECKPOINT_DATABASE,
 * SCHEMA_TOO_NEW), and READ_ONLY for Chronograph's own schema, which the engine writes.
 */
import { ChronographError } from "../api/errors.ts";
import { PostgresLangGraphWriter } from "../interop/edit/postgres-writer.ts";
import { detectPostgres } from "../storage/postgres/langgraph-reads.ts";
import { LangGraphPgWriter } from "../storage/postgres/langgraph-writes.ts";

/** `url`: LangGraph's tables, `?schema=` as for reading; the password stays in the connections, never in messages. */
export async function openPostgresLangGraphWriter(url: string): Promise<PostgresLangGraphWriter> {
  const { kind, reader } = await detectPostgres(url);
  if (kind !== "langgraph") {
    await reader.close();
    throw new ChronographError("READ_ONLY", `${reader.where} holds Chronograph's schema; LangGraph's writer does not write it.`, { database: reader.where });
  }
  const writer = new LangGraphPgWriter(url, reader);
  return new PostgresLangGraphWriter({
    where: reader.where,
    rows: reader,
    transaction: (threadId, namespace, work) => writer.transaction(threadId, namespace, work),
    close: async () => {
      await writer.close();
      await reader.close();
    },
  });
}
