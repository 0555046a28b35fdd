/**
 * The import graph's raw material, read from source text: which modules a file imports (and whether an
 * import brings in types only), and the cycles of a graph of files.
 */
export interface Import {
  specifier: string;
  /** True when the statement brings in types only (`import type`, or every name marked `type`). */
  typeOnly: boolean;
}

export function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+([^;]*?)\s*from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g;
  for (const match of source.matchAll(statement)) {
    if (match[3] !== undefined) found.push({ specifier: match[3], typeOnly: isTypeOnly(match[2]!) });
    else found.push({ specifier: (match[4] ?? match[5])!, typeOnly: false });
  }
  return found;
}

function isTypeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const names = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!names) return false;
  const items = names[1]!.split(",").map((item) => item.trim()).filter(Boolean);
  return items.length > 0 && items.every((item) => item.startsWith("type "));
}

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}
