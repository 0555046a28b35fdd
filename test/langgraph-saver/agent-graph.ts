/**
 * A small LangGraph.js agent for the saver tests: a fake model that asks for tools, an approval
 * interrupt before the tools run, a ToolNode, a Send fan-out that notes each tool result, and a
 * subgraph that summarizes (its checkpoints live under their own checkpoint_ns). Deterministic.
 */
import { AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { Annotation, Command, END, interrupt, MessagesAnnotation, Send, START, StateGraph } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { z } from "zod";

const search = tool(async ({ query }: { query: string }) => `results for ${query}`, {
  name: "search",
  description: "Search the web.",
  schema: z.object({ query: z.string() }),
});

const State = Annotation.Root({
  ...MessagesAnnotation.spec,
  notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  summary: Annotation<string>,
});

/** The fake model: two rounds of tool calls, then an answer. */
function model(state: typeof State.State) {
  const round = state.messages.filter((message: BaseMessage) => message.getType() === "ai").length;
  if (round === 0) {
    return { messages: [new AIMessage({ id: "ai-1", content: "", tool_calls: [{ id: "c1", name: "search", args: { query: "cats" } }, { id: "c2", name: "search", args: { query: "dogs" } }] })] };
  }
  if (round === 1) return { messages: [new AIMessage({ id: "ai-2", content: "", tool_calls: [{ id: "c3", name: "search", args: { query: "birds" } }] })] };
  return { messages: [new AIMessage({ id: `ai-${round + 1}`, content: `Done after ${round} rounds.` })] };
}

function summarizer() {
  return new StateGraph(State)
    .addNode("count", (state) => ({ summary: `${state.messages.length} messages, ${state.notes.length} notes` }))
    .addEdge(START, "count")
    .addEdge("count", END)
    .compile();
}

export function agentGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(State)
    .addNode("model", model)
    .addNode("approve", () => {
      const answer = interrupt({ question: "Run these tools?" }) as { approved: boolean };
      return { notes: [answer.approved ? "approved" : "refused"] };
    })
    .addNode("tools", new ToolNode([search]))
    .addNode("note", (input: { text: string }) => ({ notes: [input.text] }))
    .addNode("summarize", summarizer())
    .addEdge(START, "model")
    .addConditionalEdges("model", (state) => ((state.messages.at(-1) as AIMessage).tool_calls?.length ? "approve" : "summarize"), ["approve", "summarize"])
    .addEdge("approve", "tools")
    .addConditionalEdges("tools", (state) => state.messages.filter((message: BaseMessage) => message.getType() === "tool").map((message: BaseMessage) => new Send("note", { text: String(message.content) })), ["note"])
    .addEdge("note", "model")
    .addEdge("summarize", END)
    .compile({ checkpointer });
}

/** first → boom, a node that always throws: the thread ends with an error write. */
export function failingGraph(checkpointer: BaseCheckpointSaver) {
  const State = Annotation.Root({ log: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });
  return new StateGraph(State)
    .addNode("first", () => ({ log: ["first"] }))
    .addNode("boom", () => {
      throw new Error("the tool is down");
    })
    .addEdge(START, "first")
    .addEdge("first", "boom")
    .addEdge("boom", END)
    .compile({ checkpointer });
}

/**
 * The agent's story on thread "agent" through `checkpointer`: asked for pets, approved at the interrupt, then
 * forked at the approval with a new message (updateState as "model"), run on, and approved again.
 */
export async function runAgentStory(checkpointer: BaseCheckpointSaver): Promise<void> {
  const graph = agentGraph(checkpointer);
  const config = { configurable: { thread_id: "agent" } };
  await graph.invoke({ messages: [new HumanMessage({ id: "h1", content: "Find me pets." })] }, config);
  await graph.invoke(new Command({ resume: { approved: true } }), config);
  const history = [];
  for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
  const approval = history.filter((snapshot) => snapshot.next.includes("approve")).at(-1)!;
  const forked = await graph.updateState(approval.config, { messages: [new HumanMessage({ id: "h2", content: "Never mind." })] }, "model");
  await graph.invoke(null, forked);
  await graph.invoke(new Command({ resume: { approved: true } }), config);
}
