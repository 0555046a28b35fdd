/**
 * For the debugger's Postgres tests: LangGraph.js's own PostgresSaver on a fresh schema of the test
 * server, the postgres:// URL the debugger opens it by (`?schema=`), and a cleanup that drops it.
 */
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { dropSchema, freshSchema, postgresUrl } from "./server.ts";

export interface LangGraphSchema {
  saver: PostgresSaver;
  schema: string;
  /** The test server's URL with `?schema=` naming this schema. */
  url: string;
  cleanup(): Promise<void>;
}

export async function langGraphSchema(prefix: string): Promise<LangGraphSchema> {
  const schema = freshSchema(prefix);
  const saver = PostgresSaver.fromConnString(postgresUrl(), { schema });
  await saver.setup();
  const parsed = new URL(postgresUrl());
  parsed.searchParams.set("schema", schema);
  return {
    saver,
    schema,
    url: parsed.toString(),
    cleanup: async () => {
      await saver.end();
      await dropSchema(schema);
    },
  };
}
