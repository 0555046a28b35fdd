/**
 * Turns the builder's declarations into a validated GraphSpec, and a spec into its plain-JSON description.
 */
import { ChronographError } from "../api/errors.ts";
import { barrierChannel } from "../channels/barrier.ts";
import type { Channel } from "../channels/base.ts";
import { END, RESERVED_PREFIX, START } from "./constants.ts";
import type { GraphDescription } from "./describe.ts";
import type { GraphSpec, NodeFunction, NodeOptions, Router, State } from "./types.ts";

export interface Declarations {
  name: string;
  channels: Record<string, Channel>;
  nodes: Array<{ name: string; fn: NodeFunction<State>; options: NodeOptions }>;
  edges: Array<{ from: string | string[]; to: string }>;
  branches: Array<{ from: string; router: Router<State>; targets: string[] | Record<string, string> | undefined }>;
}

export function buildSpec(declarations: Declarations, interruptBefore: string[], interruptAfter: string[]): GraphSpec {
  const graph = declarations.name;
  const fail = (message: string, node?: string): never => {
    throw new ChronographError("INVALID_GRAPH", `Graph "${graph}": ${message}`, node ? { node } : undefined);
  };

  const channels = validateChannels(declarations.channels, fail);
  const nodes: GraphSpec["nodes"] = new Map();
  for (const { name, fn, options } of declarations.nodes) {
    if (typeof name !== "string" || name === "") fail("a node needs a non-empty name.");
    if (name.startsWith(RESERVED_PREFIX)) fail(`node name "${name}" is reserved (names starting with "${RESERVED_PREFIX}" belong to the engine).`, name);
    if (/[:#,]/.test(name)) fail(`node name "${name}" may not contain ":", "#" or ",".`, name);
    if (typeof fn !== "function") fail(`node "${name}" needs a function.`, name);
    nodes.set(name, { fn, retry: validateRetry(name, options.retry, fail), ends: options.ends ?? [] });
  }

  const isSource = (name: string) => name === START || nodes.has(name);
  const isTarget = (name: string) => name === END || nodes.has(name);
  const checkSource = (name: string, what: string) => {
    if (name === END) fail(`${what} cannot start at END.`);
    if (!isSource(name)) fail(`${what} starts at unknown node "${name}".`, name);
  };
  const checkTarget = (name: string, what: string) => {
    if (name === START) fail(`${what} cannot lead to START.`);
    if (!isTarget(name)) fail(`${what} leads to unknown node "${name}".`, name);
  };

  const edges: GraphSpec["edges"] = new Map();
  const joins: GraphSpec["joins"] = [];
  for (const { from, to } of declarations.edges) {
    if (Array.isArray(from)) {
      if (from.length === 0) fail(`a join into "${to}" needs at least one source.`, to);
      for (const source of from) checkSource(source, `The join into "${to}"`);
      checkTarget(to, `The join from [${from.join(", ")}]`);
      if (to === END) fail(`a join cannot lead to END; join into a node instead.`);
      const sources = [...new Set(from)].sort();
      joins.push({ sources, target: to, channel: barrierChannel(sources, to) });
    } else {
      checkSource(from, `An edge`);
      checkTarget(to, `The edge from "${from}"`);
      const list = edges.get(from) ?? [];
      if (!list.includes(to)) list.push(to);
      edges.set(from, list);
    }
  }

  const branches: GraphSpec["branches"] = new Map();
  for (const { from, router, targets } of declarations.branches) {
    checkSource(from, `A conditional edge`);
    if (typeof router !== "function") fail(`the conditional edge from "${from}" needs a router function.`, from);
    const pathMap = targets && !Array.isArray(targets) ? targets : null;
    const declared = targets === undefined ? null : Array.isArray(targets) ? targets : Object.values(targets);
    for (const target of declared ?? []) checkTarget(target, `The conditional edge from "${from}"`);
    const list = branches.get(from) ?? [];
    list.push({ router, pathMap, targets: declared });
    branches.set(from, list);
  }

  for (const [name, node] of nodes) for (const end of node.ends) checkTarget(end, `Node "${name}"'s ends`);
  for (const name of [...interruptBefore, ...interruptAfter]) {
    if (!nodes.has(name)) fail(`a breakpoint names unknown node "${name}".`, name);
  }

  const spec: GraphSpec = {
    name: graph,
    channels,
    nodes,
    edges,
    joins,
    branches,
    interruptBefore: new Set(interruptBefore),
    interruptAfter: new Set(interruptAfter),
  };
  checkShape(spec, fail);
  return spec;
}

function validateChannels(channels: Record<string, Channel>, fail: (message: string) => never): Record<string, Channel> {
  if (!channels || typeof channels !== "object" || Object.keys(channels).length === 0) {
    fail("it needs at least one channel: new StateGraph({ name, channels: { field: lastValue(default) } }).");
  }
  for (const [name, channel] of Object.entries(channels)) {
    if (name.startsWith(RESERVED_PREFIX)) fail(`channel name "${name}" is reserved (names starting with "${RESERVED_PREFIX}" belong to the engine).`);
    if (!channel || typeof channel.update !== "function" || typeof channel.initial !== "function") {
      fail(`channel "${name}" is not a channel; use lastValue(default), append() or reducer(fn, default).`);
    }
  }
  return { ...channels };
}

function validateRetry(node: string, retry: NodeOptions["retry"], fail: (message: string, node?: string) => never) {
  if (!retry) return null;
  const { maxAttempts, backoffMs = 0 } = retry;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) fail(`node "${node}": retry.maxAttempts must be an integer of at least 1.`, node);
  if (!Number.isFinite(backoffMs) || backoffMs < 0) fail(`node "${node}": retry.backoffMs must be a number of at least 0.`, node);
  return { maxAttempts, backoffMs };
}

/** Every node must be reachable from START and have a way out; a router without declared targets may go anywhere. */
function checkShape(spec: GraphSpec, fail: (message: string, node?: string) => never): void {
  const successors = (name: string): string[] | "any" => {
    const out = [...(spec.edges.get(name) ?? [])];
    for (const join of spec.joins) if (join.sources.includes(name)) out.push(join.target);
    for (const branch of spec.branches.get(name) ?? []) {
      if (branch.targets === null) return "any";
      out.push(...branch.targets);
    }
    out.push(...(spec.nodes.get(name)?.ends ?? []));
    return out;
  };

  const startOut = successors(START);
  if (startOut !== "any" && startOut.length === 0) fail(`nothing leaves START; add an edge such as addEdge(START, "first").`);

  const reached = new Set<string>([START]);
  const queue = [START];
  while (queue.length > 0) {
    const out = successors(queue.shift()!);
    const next = out === "any" ? [...spec.nodes.keys()] : out;
    for (const target of next) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const name of spec.nodes.keys()) {
    if (!reached.has(name)) fail(`node "${name}" cannot be reached from START.`, name);
    const out = successors(name);
    if (out !== "any" && out.length === 0) fail(`node "${name}" has no way out; add an edge from it (to END if it is the last).`, name);
  }
}

export function describeSpec(spec: GraphSpec): GraphDescription {
  const edges: GraphDescription["edges"] = [];
  for (const [from, targets] of spec.edges) for (const to of targets) edges.push({ from, to });
  for (const join of spec.joins) for (const from of join.sources) edges.push({ from, to: join.target, join: join.sources });
  const conditional: GraphDescription["conditional"] = [];
  for (const [from, list] of spec.branches) for (const branch of list) conditional.push({ from, targets: branch.targets });
  for (const [from, node] of spec.nodes) if (node.ends.length > 0) conditional.push({ from, targets: node.ends });
  return {
    name: spec.name,
    nodes: [...spec.nodes].map(([name, node]) => (node.retry ? { name, retry: node.retry } : { name })),
    edges,
    conditional,
    channels: Object.entries(spec.channels).map(([name, channel]) => ({ name, reducer: channel.kind, default: channel.initial() })),
    interruptBefore: [...spec.interruptBefore],
    interruptAfter: [...spec.interruptAfter],
  };
}
