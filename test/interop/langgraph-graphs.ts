/**
 * The graphs that write the LangGraph.js fixtures (scripts/generate-langgraph-fixtures.ts runs them),
 * so tests can also resume fixture copies with LangGraph.js itself. Each takes the checkpointer to
 * compile with; the nodes are deterministic except where a `faults` switch makes one fail on purpose.
 */
import { AIMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { Annotation, END, interrupt, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import type { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";

/** fork-update: outline → write → polish on a title; `edits` counts the writing steps. */
export function essayGraph(checkpointer: SqliteSaver) {
  const State = Annotation.Root({
    title: Annotation<string>,
    sections: Annotation<string[]>,
    body: Annotation<string>,
    final: Annotation<string>,
    edits: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
  });
  return new StateGraph(State)
    .addNode("outline", (state) => ({ sections: [`Why ${state.title}`, `How ${state.title}`, "Conclusion"] }))
    .addNode("write", (state) => ({ body: state.sections.map((section, index) => `${index + 1}. ${section}`).join("\n"), edits: 1 }))
    .addNode("polish", (state) => ({ final: `# ${state.title}\n${state.body}`, edits: 1 }))
    .addEdge(START, "outline")
    .addEdge("outline", "write")
    .addEdge("write", "polish")
    .addEdge("polish", END)
    .compile({ checkpointer });
}

/** hitl-interrupt: draft → review (interrupt) → publish | revise → review. */
export function ticketGraph(checkpointer: SqliteSaver) {
  const State = Annotation.Root({
    request: Annotation<string>,
    reply: Annotation<string>,
    revision: Annotation<number>({ reducer: (_, b) => b, default: () => 0 }),
    decision: Annotation<{ approved: boolean; comment: string }>,
    published: Annotation<string>,
  });
  return new StateGraph(State)
    .addNode("draft", (state) => ({ reply: `Dear customer, regarding "${state.request}": we will refund you.` }))
    .addNode("review", (state) => ({ decision: interrupt({ question: "Approve this reply?", reply: state.reply, revision: state.revision }) as { approved: boolean; comment: string } }))
    .addNode("revise", (state) => ({ reply: `${state.reply} (${state.decision.comment})`, revision: state.revision + 1 }))
    .addNode("publish", (state) => ({ published: `SENT: ${state.reply}` }))
    .addEdge(START, "draft")
    .addEdge("draft", "review")
    .addConditionalEdges("review", (state) => (state.decision.approved ? "publish" : "revise"), ["publish", "revise"])
    .addEdge("revise", "review")
    .addEdge("publish", END)
    .compile({ checkpointer });
}

/** Switches the generator flips to make a node fail on its next call, and how often each node ran. */
export interface Faults {
  failNext: Set<string>;
  calls: Record<string, number>;
}

export const newFaults = (): Faults => ({ failNext: new Set(), calls: {} });

function called(faults: Faults, node: string, error: () => Error): void {
  faults.calls[node] = (faults.calls[node] ?? 0) + 1;
  if (faults.failNext.delete(node)) throw error();
}

/** linear-retry: gather → analyze → report; `analyze` fails when told to, and a resume retries it. */
export function pipelineGraph(checkpointer: SqliteSaver, faults = newFaults()) {
  const State = Annotation.Root({
    topic: Annotation<string>,
    facts: Annotation<string[]>({ reducer: (_, next) => next, default: () => [] }),
    analysis: Annotation<string>,
    summary: Annotation<string>,
  });
  return new StateGraph(State)
    .addNode("gather", (state) => ({ facts: ["A", "B", "C"].map((letter) => `${state.topic}: fact ${letter}`) }))
    .addNode("analyze", (state) => {
      called(faults, "analyze", () => new Error("analysis service timed out after 30s"));
      return { analysis: `${state.facts.length} facts, consistent` };
    })
    .addNode("report", (state) => ({ summary: `Report on ${state.topic}: ${state.analysis}` }))
    .addEdge(START, "gather")
    .addEdge("gather", "analyze")
    .addEdge("analyze", "report")
    .addEdge("report", END)
    .compile({ checkpointer });
}

/** parallel-fanout: plan → three fetches in parallel → merge (a join); `fetch_news` fails when told to. */
export function fanoutGraph(checkpointer: SqliteSaver, faults = newFaults()) {
  const State = Annotation.Root({
    city: Annotation<string>,
    results: Annotation<Record<string, unknown>>({ reducer: (a, b) => ({ ...a, ...b }), default: () => ({}) }),
    digest: Annotation<string>,
  });
  const fetcher = (name: string, result: (city: string) => Record<string, unknown>) => async (state: typeof State.State) => {
    // A failure comes after the other fetches have finished, as a slow feed's would: LangGraph.js keeps
    // their results, and a resume re-runs only the failed fetch.
    if (faults.failNext.has(name)) await new Promise((done) => setTimeout(done, 50));
    called(faults, name, () => new TypeError(`news feed for ${state.city} returned malformed JSON`));
    return { results: result(state.city) };
  };
  return new StateGraph(State)
    .addNode("plan", (state) => ({ city: state.city.trim() }))
    .addNode("fetch_weather", fetcher("fetch_weather", (city) => ({ weather: { city, tempC: 18.5, sky: "overcast" } })))
    .addNode("fetch_news", fetcher("fetch_news", (city) => ({ news: [`${city} opens new library`, `${city} marathon on Sunday`] })))
    .addNode("fetch_stocks", fetcher("fetch_stocks", () => ({ stocks: { index: "LOCAL50", change: -0.42 } })))
    .addNode("merge", (state) => ({ digest: `${state.city}: ${Object.keys(state.results).sort().join(", ")}` }))
    .addEdge(START, "plan")
    .addEdge("plan", "fetch_weather")
    .addEdge("plan", "fetch_news")
    .addEdge("plan", "fetch_stocks")
    .addEdge(["fetch_weather", "fetch_news", "fetch_stocks"], "merge")
    .addEdge("merge", END)
    .compile({ checkpointer });
}

/** agent-loop: a scripted "model" calls a lookup tool until the turn's budget of calls is spent. */
export function agentGraph(checkpointer: SqliteSaver) {
  const State = Annotation.Root({
    ...MessagesAnnotation.spec,
    toolCalls: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
    budget: Annotation<number>,
  });
  const lastCall = (messages: BaseMessage[]) => (messages.at(-1) as AIMessage | undefined)?.tool_calls?.[0];
  return new StateGraph(State)
    .addNode("agent", (state) => {
      const n = state.toolCalls;
      if (n >= state.budget) return { messages: [new AIMessage({ id: `ai-final-${n}`, content: `Done after ${n} lookups.` })] };
      const call = { id: `call_${n}`, name: "lookup", args: { query: `page ${n + 1}`, limit: 3 } };
      return { messages: [new AIMessage({ id: `ai-${n}`, content: n === 0 ? "Let me look that up." : "", tool_calls: [call] })] };
    })
    .addNode("tools", (state) => {
      const call = lastCall(state.messages)!;
      const content = JSON.stringify({ hits: [`${String(call.args.query)} result`], total: 1 });
      return { messages: [new ToolMessage({ id: `tool-${call.id}`, name: call.name, tool_call_id: call.id!, content })], toolCalls: 1 };
    })
    .addEdge(START, "agent")
    .addConditionalEdges("agent", (state) => (lastCall(state.messages) ? "tools" : END), ["tools", END])
    .addEdge("tools", "agent")
    .compile({ checkpointer });
}

/** Nested subgraphs (research → deep) with an interrupt at the deepest level, then summarize and finish. */
export function nestedInterruptGraph(checkpointer: SqliteSaver) {
  const State = Annotation.Root({ notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }), answer: Annotation<string> });
  const deep = new StateGraph(State)
    .addNode("ask", () => ({ answer: interrupt({ question: "deep?" }) as string, notes: ["asked"] }))
    .addEdge(START, "ask").addEdge("ask", END).compile();
  const research = new StateGraph(State)
    .addNode("plan", () => ({ notes: ["planned"] }))
    .addNode("deep", deep)
    .addNode("summarize", (state) => ({ notes: [`summary of ${state.answer}`] }))
    .addEdge(START, "plan").addEdge("plan", "deep").addEdge("deep", "summarize").addEdge("summarize", END).compile();
  return new StateGraph(State)
    .addNode("research", research)
    .addNode("finish", (state) => ({ notes: [`done: ${state.notes.length}`] }))
    .addEdge(START, "research").addEdge("research", "finish").addEdge("finish", END)
    .compile({ checkpointer });
}
