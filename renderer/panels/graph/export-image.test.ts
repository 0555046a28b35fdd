import { describe, expect, it } from "vitest";
import { graphSvg, type ShapeNode } from "./export-image.ts";

const node = (label: string, x: number, y: number): ShapeNode => ({ x, y, width: 100, height: 30, label, fill: "#fff", stroke: "#999", strokeWidth: 1, dashed: false, radius: 6, color: "#111", fontSize: 12, fontWeight: "600", fontFamily: "monospace" });

describe("graphSvg", () => {
  it("fits the viewBox to the nodes plus padding and labels every node", () => {
    const { svg, width, height } = graphSvg({ title: "support-triage", background: "#fafafa", nodes: [node("classify", 0, 0), node("respond", 200, 80)], edges: [{ d: "M100 15L200 95", stroke: "#777", width: 1.5, dash: "5 4" }] }, 20);
    expect([width, height]).toEqual([340, 150]);
    expect(svg).toContain('viewBox="-20 -20 340 150"');
    expect(svg).toContain(">classify</text>");
    expect(svg).toContain(">respond</text>");
    expect(svg).toContain('d="M100 15L200 95"');
    expect(svg).toContain('stroke-dasharray="5 4"');
  });

  it("escapes labels so a node name cannot break the file", () => {
    const { svg } = graphSvg({ title: "a<b", background: "#fff", nodes: [node('x"&<y>', 0, 0)], edges: [] });
    expect(svg).toContain("x&quot;&amp;&lt;y&gt;");
    expect(svg).not.toContain('x"&<y>');
    expect(svg).toContain("<title>a&lt;b</title>");
  });
});
