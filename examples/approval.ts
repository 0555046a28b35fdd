/**
 * A graph that waits for a human: a support agent drafts a refund, a reviewer approves or declines it
 * (`ctx.interrupt` inside a node, answered with `new Command({ resume })`), and with the payment
 * breakpoint on (`interruptBefore: ["send_refund"]`) the run also stops right before the money moves.
 *
 *   tsx examples/approval.ts [--db FILE]
 */
import { parseArgs } from "node:util";
import { StateGraph, START, END, Command, lastValue, append, type Checkpointer, type CompiledGraph } from "../core/index.ts";
import { isMain, openStore } from "./cli.ts";
import { FakeModel, seededRandom } from "./fake-model.ts";
import type { Message } from "./research-pipeline.ts";

export interface RefundRequest {
  ticket: string;
  customer: string;
  amount: number;
  reason: string;
}

export interface Decision {
  approved: boolean;
  note?: string;
}

/** What the reviewer sees while the run waits. */
export interface ReviewRequest {
  question: string;
  draft: string;
  request: RefundRequest;
}

export type ApprovalState = {
  request: RefundRequest | null;
  draft: string;
  decision: Decision | null;
  outcome: string;
  messages: Message[];
};

export const REFUND_4411: RefundRequest = { ticket: "T-20931", customer: "4411", amount: 120, reason: "Order #88213 arrived damaged" };

export interface ApprovalOptions {
  checkpointer?: Checkpointer;
  /** Picks the opening line of the reply. Default: a FakeModel with the default seed. */
  model?: FakeModel;
  /** Also stop before send_refund, so an operator can look before any money moves. */
  paymentBreakpoint?: boolean;
}

/** draft_reply -> human_review -> send_refund | close_ticket. */
export function approvalGraph(options: ApprovalOptions = {}): CompiledGraph<ApprovalState> {
  const model = options.model ?? new FakeModel();
  return new StateGraph<ApprovalState>({
    name: "refund-approval",
    channels: { request: lastValue<RefundRequest | null>(null), draft: lastValue(""), decision: lastValue<Decision | null>(null), outcome: lastValue(""), messages: append<Message>() },
  })
    .addNode("draft_reply", async (state) => {
      const request = requireRequest(state);
      const opener = await model.choose(request.ticket, ["We are sorry your order let you down.", "Thank you for your patience while we looked into this.", "We apologise for the trouble with your order."]);
      const draft = `${opener} We have issued a refund of ${money(request.amount)} to the card you paid with; it should appear within 5 business days. (Ticket ${request.ticket}: ${request.reason}.)`;
      return { draft, messages: [{ role: "assistant", name: "draft_reply", content: `Drafted a refund reply for customer #${request.customer}.` }] };
    })
    .addNode("human_review", (state, ctx) => {
      const request = requireRequest(state);
      const review: ReviewRequest = { question: reviewQuestion(request), draft: state.draft, request };
      const decision = ctx.interrupt<Decision>(review);
      const verdict = decision.approved ? "Approved" : "Declined";
      return { decision, messages: [{ role: "user", name: "reviewer", content: decision.note ? `${verdict}: ${decision.note}` : verdict }] };
    })
    .addNode("send_refund", (state) => {
      const request = requireRequest(state);
      const transaction = `rf_${Math.floor(seededRandom(request.ticket)() * 1e8).toString(36)}`;
      const outcome = `Refund of ${money(request.amount)} sent to customer #${request.customer} (transaction ${transaction}).`;
      return { outcome, messages: [{ role: "assistant", name: "send_refund", content: outcome }] };
    })
    .addNode("close_ticket", (state) => {
      const request = requireRequest(state);
      const note = state.decision?.note?.replace(/\.$/, "");
      const outcome = `Ticket ${request.ticket} closed without a refund${note ? `: ${note}` : ""}.`;
      return { outcome, messages: [{ role: "assistant", name: "close_ticket", content: outcome }] };
    })
    .addEdge(START, "draft_reply")
    .addEdge("draft_reply", "human_review")
    .addConditionalEdges("human_review", (state) => (state.decision?.approved ? "send_refund" : "close_ticket"), ["send_refund", "close_ticket"])
    .addEdge("send_refund", END)
    .addEdge("close_ticket", END)
    .compile({ checkpointer: options.checkpointer, interruptBefore: options.paymentBreakpoint ? ["send_refund"] : [] });
}

export function reviewQuestion(request: RefundRequest): string {
  return `Approve sending the refund of ${money(request.amount)} to customer #${request.customer}?`;
}

function money(amount: number): string {
  return `$${amount.toFixed(amount % 1 === 0 ? 0 : 2)}`;
}

function requireRequest(state: ApprovalState): RefundRequest {
  if (!state.request) throw new Error("The approval graph needs a refund request as input: { request }.");
  return state.request;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: "string" } } });
  const store = await openStore(values.db);
  try {
    const graph = approvalGraph({ checkpointer: store });
    console.log("1. A reviewer answers an interrupt");
    const first = await graph.invoke({ request: REFUND_4411 }, { threadId: "refund-4411" });
    const waiting = first.__interrupt__?.[0];
    const review = waiting?.value as ReviewRequest;
    console.log(`   waiting at ${waiting?.node}: ${review.question}\n   draft: ${review.draft}`);
    const snapshot = await graph.getState({ threadId: "refund-4411" });
    console.log(`   getState: next = [${snapshot.next.join(", ")}], ${snapshot.interrupts.length} pending interrupt(s)`);
    const done = await graph.invoke(new Command({ resume: { approved: true, note: "Photo of the damage checks out." } }), { threadId: "refund-4411" });
    console.log(`   resumed with approved = ${done.decision?.approved}, note = "${done.decision?.note}"\n   outcome: ${done.outcome}`);

    console.log("\n2. The same graph with a breakpoint before send_refund (interruptBefore)");
    const guarded = approvalGraph({ checkpointer: store, paymentBreakpoint: true });
    const request = { ...REFUND_4411, ticket: "T-20932", customer: "5120", amount: 89.5 };
    await guarded.invoke({ request }, { threadId: "refund-5120" });
    await guarded.invoke(new Command({ resume: { approved: true, note: "Within policy." } }), { threadId: "refund-5120" });
    const paused = await guarded.getState({ threadId: "refund-5120" });
    console.log(`   stopped ${paused.breakpoint?.when} [${paused.breakpoint?.nodes.join(", ")}]; next = [${paused.next.join(", ")}]; outcome so far: "${paused.values.outcome}"`);
    const paid = await guarded.invoke(null, { threadId: "refund-5120" });
    console.log(`   invoke(null) continues: ${paid.outcome}`);
  } finally {
    await store.close();
  }
}

if (isMain(import.meta.url)) await main();
