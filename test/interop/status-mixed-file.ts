/**
 * A LangGraph.js file with statuses to filter by: `generated` finished threads copied from a real LangGraph.js
 * run (bench/generate-big.ts, dated January 2026), then `tickets` threads LangGraph.js itself runs up to their
 * interrupt (ticket-0..; dated now, so they are the newest). Used by the status-filter tests and e2e specs.
 */
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import Database from "better-sqlite3";
import { rmSync } from "node:fs";
import { langGraphTemplate, writeLangGraphFile } from "../../bench/generate-big.ts";
import { ticketGraph } from "./langgraph-graphs.ts";

export async function writeMixedStatusFile(file: string, counts: { generated: number; tickets: number }): Promise<void> {
  const generated = `${file}.generated`;
  writeLangGraphFile(generated, await langGraphTemplate(1), { threads: counts.generated, long: 0 });
  const saver = SqliteSaver.fromConnString(file);
  for (let n = 0; n < counts.tickets; n += 1) await ticketGraph(saver).invoke({ request: `refund ${n}` }, { configurable: { thread_id: `ticket-${n}` } });
  (saver as unknown as { db: Database.Database }).db.close();
  const db = new Database(file);
  try {
    db.prepare("ATTACH ? AS g").run(generated);
    db.exec("INSERT INTO checkpoints SELECT * FROM g.checkpoints; INSERT INTO writes SELECT * FROM g.writes; DETACH g;");
  } finally {
    db.close();
    rmSync(generated, { force: true });
  }
}
