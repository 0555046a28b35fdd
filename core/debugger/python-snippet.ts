/**
 * What a Python LangGraph user runs on their side to go on from a checkpoint Chronograph cannot run
 * (their nodes are Python): a copyable snippet with the thread id, the checkpoint id and, for an
 * interrupt, the Command; for a fork with new input, the input (streamed from the checkpoint, which
 * LangGraph runs as a new branch). Values are written as Python literals (JSON's true/false/null become
 * True/False/None), so the snippet pastes as is.
 */

export interface PythonRunRequest {
  threadId: string;
  /** The checkpoint to go on from (the edited one); default: the thread's newest. */
  checkpointId?: string;
  /** Resume an interrupt with this value (a map of interrupt ids to values when several wait). */
  resume?: unknown;
  /** A fork's new input (channel values), streamed from the checkpoint instead of None. */
  input?: Record<string, unknown>;
  /** An edit to write first, as `asNode`. */
  update?: Record<string, unknown>;
  asNode?: string;
  /** How the user's compiled graph is named in their code. Default "graph". */
  graphName?: string;
}

/** `value` as a Python literal. */
export function pythonLiteral(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : value > 0 ? 'float("inf")' : value < 0 ? 'float("-inf")' : 'float("nan")';
  if (typeof value === "string") return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[\n${value.map((item) => `${inner}${pythonLiteral(item, inner)},`).join("\n")}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? "{}" : `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${pythonLiteral(item, inner)},`).join("\n")}\n${indent}}`;
}

/** The snippet: the config, an optional update_state, then invoke (with Command(resume=...) for an interrupt). */
export function pythonResumeSnippet(request: PythonRunRequest): string {
  const graph = request.graphName ?? "graph";
  const configurable: Record<string, string> = { thread_id: request.threadId };
  if (request.checkpointId !== undefined) configurable.checkpoint_id = request.checkpointId;
  const lines = [`# Run with your graph compiled with the checkpointer on this database, e.g. SqliteSaver.from_conn_string(path).`];
  if (request.resume !== undefined) lines.push("from langgraph.types import Command", "");
  lines.push(`config = {"configurable": ${pythonLiteral(configurable).replace(/\n\s*/g, " ").replace(/, }/, " }")}}`);
  if (request.update !== undefined) {
    lines.push(`config = ${graph}.update_state(config, ${pythonLiteral(request.update)}${request.asNode ? `, as_node=${JSON.stringify(request.asNode)}` : ""})`);
  }
  const input = request.resume !== undefined ? `Command(resume=${pythonLiteral(request.resume)})` : request.input !== undefined ? pythonLiteral(request.input) : "None";
  lines.push(`for chunk in ${graph}.stream(${input}, config, stream_mode="updates"):`, "    print(chunk)");
  return lines.join("\n");
}
