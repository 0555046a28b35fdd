/**
 * The graphs that wrote the LangGraph.js fixtures, rebuilt with @langchain/langgraph from each
 * fixture's description and expected values, so tests can resume fixture copies with LangGraph.js
 * itself. Each takes the checkpointer to compile with.
 */
import { Annotation, END, interrupt, START, StateGraph } from "@langchain/langgraph";
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
