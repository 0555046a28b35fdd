/**
 * Where an interrupt waits, said the way the thread list names namespaces: a task that ran a subgraph
 * shows its interrupt when any namespace below it waits, so the banner names the innermost waiting
 * namespace ("research › deep"), not the outer node the parent checkpoint knows. Pure.
 */
import type { NamespaceSummary } from "../../core/api/types.ts";
import { namespaceLabel } from "./thread-pages.ts";

const depth = (namespace: string) => namespace.split("|").length;

/**
 * The place a waiting task's interrupt is, seen from namespace `shown` ("" for the root graph): the
 * deepest waiting namespace under the subgraph the task ran as (LangGraph names it `node:taskId`, nested
 * ones joined with "|"), labelled as a path of nodes; the node's own name when it ran no subgraph.
 */
export function interruptPlace(namespaces: readonly NamespaceSummary[], shown: string, task: { name: string; id: string }): string {
  const child = `${shown ? `${shown}|` : ""}${task.name}:${task.id}`;
  if (!namespaces.some((ns) => ns.namespace === child)) return task.name;
  let innermost = child;
  for (const ns of namespaces) {
    if (ns.status === "interrupted" && ns.namespace.startsWith(`${child}|`) && depth(ns.namespace) > depth(innermost)) innermost = ns.namespace;
  }
  return namespaceLabel(innermost);
}
