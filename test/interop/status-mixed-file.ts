/**
 * A LangGraph.js file with statuses to filter by: `generated` finished threads copied from a real LangGraph.js
 * run (bench/generate-big.ts, dated January 2026), then `tickets` threads LangGraph.js itself runs up to their
 * interrupt (ticket-0..), appended to the same file now, so they are the newest, as a later session's would
 * be. Used by the status-filter tests and e2e specs.
 */
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type Database from "better-sqlite3";
import { langGraphTemplate, writeLangGraphFile } from "../../bench/generate-big.ts";
import { ticketGraph } from "./langgraph-graphs.ts";

export async function writeMixedStatusFile(file: string, counts: { generated: number; tickets: number }): Promise<void> {
  writeLangGraphFile(file, await langGraphTemplate(1), { threads: counts.generated, long: 0 });
  const saver = SqliteSaver.fromConnString(file);
  try {
    for (let n = 0; n < counts.tickets; n += 1) await ticketGraph(saver).invoke({ request: `refund ${n}` }, { configurable: { thread_id: `ticket-${n}` } });
  } finally {
    (saver as unknown as { db: Database.Database }).db.close();
  }
}
