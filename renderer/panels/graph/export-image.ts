/**
 * The graph view as a standalone SVG (and a PNG drawn from it). The shapes are read from what React Flow
 * laid out (each node's box, colours and label; each edge's path) and written as plain SVG rects, text and
 * paths in flow coordinates, so the file opens anywhere (no foreignObject, no app CSS) and a canvas can
 * draw it without being tainted. `graphSvg` is pure; the DOM reading and the canvas are kept apart.
 */

export interface ShapeNode {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  fill: string;
  stroke: string;
  strokeWidth: number;
  dashed: boolean;
  radius: number;
  color: string;
  fontSize: number;
  fontWeight: string;
  fontFamily: string;
}

export interface ShapeEdge {
  d: string;
  stroke: string;
  width: number;
  dash: string | null;
}

export interface GraphShapes {
  title: string;
  background: string;
  nodes: ShapeNode[];
  edges: ShapeEdge[];
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
const num = (value: number) => String(Math.round(value * 100) / 100);

/** The SVG text of the shapes, fitted to their bounds plus `padding`; its size in pixels. */
export function graphSvg(shapes: GraphShapes, padding = 24): { svg: string; width: number; height: number } {
  const boxes = shapes.nodes;
  const minX = boxes.length ? Math.min(...boxes.map((n) => n.x)) - padding : 0;
  const minY = boxes.length ? Math.min(...boxes.map((n) => n.y)) - padding : 0;
  const maxX = boxes.length ? Math.max(...boxes.map((n) => n.x + n.width)) + padding : 2 * padding;
  const maxY = boxes.length ? Math.max(...boxes.map((n) => n.y + n.height)) + padding : 2 * padding;
  const width = Math.ceil(maxX - minX);
  const height = Math.ceil(maxY - minY);
  const edges = shapes.edges.map(
    (edge) =>
      `<path d="${escapeXml(edge.d)}" fill="none" stroke="${escapeXml(edge.stroke)}" stroke-width="${num(edge.width)}"${edge.dash ? ` stroke-dasharray="${escapeXml(edge.dash)}"` : ""} marker-end="url(#arrow)"/>`,
  );
  const nodes = shapes.nodes.map((node) =>
    [
      `<g data-node="${escapeXml(node.label)}">`,
      `<rect x="${num(node.x)}" y="${num(node.y)}" width="${num(node.width)}" height="${num(node.height)}" rx="${num(node.radius)}" fill="${escapeXml(node.fill)}" stroke="${escapeXml(node.stroke)}" stroke-width="${num(node.strokeWidth)}"${node.dashed ? ' stroke-dasharray="4 3"' : ""}/>`,
      `<text x="${num(node.x + node.width / 2)}" y="${num(node.y + node.height / 2)}" fill="${escapeXml(node.color)}" font-size="${num(node.fontSize)}" font-weight="${escapeXml(node.fontWeight)}" font-family="${escapeXml(node.fontFamily)}" text-anchor="middle" dominant-baseline="central">${escapeXml(node.label)}</text>`,
      `</g>`,
    ].join(""),
  );
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${num(minX)} ${num(minY)} ${width} ${height}" font-family="Inter, system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<title>${escapeXml(shapes.title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>`,
    `<rect x="${num(minX)}" y="${num(minY)}" width="${width}" height="${height}" fill="${escapeXml(shapes.background)}"/>`,
    ...edges,
    ...nodes,
    `</svg>`,
  ].join("\n");
  return { svg, width, height };
}

/** A CSS colour as the canvas reads it (rgb/rgba), so color-mix() and friends come out as plain colours. */
function plainColor(color: string, fallback: string): string {
  if (!color || color === "transparent" || color === "rgba(0, 0, 0, 0)") return fallback;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const context = canvas.getContext("2d");
  if (!context) return color;
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
  return a === 255 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${num(a! / 255)})`;
}

/** Read the laid-out graph from a React Flow container (the element holding `.react-flow__viewport`). */
export function collectGraphShapes(root: HTMLElement, title: string): GraphShapes {
  const flow = root.querySelector<HTMLElement>(".react-flow") ?? root;
  const background = plainColor(getComputedStyle(flow).backgroundColor, "#ffffff");
  const nodes: ShapeNode[] = [];
  for (const element of root.querySelectorAll<HTMLElement>(".react-flow__node")) {
    const match = /translate\(\s*(-?[\d.]+)px\s*,\s*(-?[\d.]+)px\s*\)/.exec(element.style.transform);
    const box = element.firstElementChild instanceof HTMLElement ? element.firstElementChild : element;
    const style = getComputedStyle(box);
    const labelElement = box.querySelector<HTMLElement>(".gnode__label") ?? box;
    const label = labelElement.textContent ?? box.dataset.node ?? "";
    const font = getComputedStyle(labelElement);
    nodes.push({
      x: match ? Number(match[1]) : 0,
      y: match ? Number(match[2]) : 0,
      width: box.offsetWidth,
      height: box.offsetHeight,
      label: label.trim(),
      fill: plainColor(style.backgroundColor, background),
      stroke: plainColor(style.borderTopColor, "#888888"),
      strokeWidth: parseFloat(style.borderTopWidth) || 1,
      dashed: style.borderTopStyle === "dashed",
      radius: parseFloat(style.borderTopLeftRadius) || 0,
      color: plainColor(style.color, "#000000"),
      fontSize: parseFloat(font.fontSize) || 12,
      fontWeight: font.fontWeight || "400",
      fontFamily: font.fontFamily || "sans-serif",
    });
  }
  const edges: ShapeEdge[] = [];
  for (const path of root.querySelectorAll<SVGPathElement>(".react-flow__edge path.react-flow__edge-path")) {
    const style = getComputedStyle(path);
    const d = path.getAttribute("d");
    if (!d) continue;
    edges.push({ d, stroke: plainColor(style.stroke, "#888888"), width: parseFloat(style.strokeWidth) || 1, dash: style.strokeDasharray && style.strokeDasharray !== "none" ? style.strokeDasharray : null });
  }
  return { title, background, nodes, edges };
}

/** Draw an SVG onto a canvas `scale` times its size; the PNG as a blob. */
export function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      const context = canvas.getContext("2d");
      if (!context) return reject(new Error("The graph image could not be drawn: no 2D canvas."));
      context.scale(scale, scale);
      context.drawImage(image, 0, 0, width, height);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The graph image could not be encoded as PNG."))), "image/png");
    };
    image.onerror = () => reject(new Error("The graph's SVG could not be loaded to draw the PNG."));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}
