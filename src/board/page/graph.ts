/// <reference lib="dom" />
/**
 * The agents view: agents as nodes, pending flags as edges from source to target, laid out by
 * dagre; an edge's width grows with the impact of its flags, and the agent most waited on (the
 * bottleneck) is marked.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphEdge, GraphNode } from '../../core/board-model.js';
import { setFilter, type App } from './app.js';
import { h, svg } from './dom.js';
import { count } from './format.js';

/** The graph shows at most this many agents, the most waited on; the table lists them all. */
export const GRAPH_MAX_NODES = 40;
const NODE_HEIGHT = 40;

interface Laid {
  nodes: (GraphNode & { x: number; y: number; width: number })[];
  edges: (GraphEdge & { points: { x: number; y: number }[] })[];
  width: number;
  height: number;
}

function laidOut(nodes: GraphNode[], edges: GraphEdge[]): Laid {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 90, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes)
    g.setNode(node.handle, { width: node.handle.length * 7.5 + 48, height: NODE_HEIGHT });
  for (const edge of edges) g.setEdge(edge.source, edge.target, { weight: edge.weight });
  layout(g);
  const graph = g.graph() as { width?: number; height?: number };
  return {
    nodes: nodes.map((n) => ({
      ...n,
      ...(g.node(n.handle) as { x: number; y: number; width: number }),
    })),
    edges: edges.map((e) => ({
      ...e,
      points: (g.edge(e.source, e.target) as { points: { x: number; y: number }[] }).points,
    })),
    width: graph.width ?? 0,
    height: graph.height ?? 0,
  };
}

function edgeElement(edge: Laid['edges'][number]): SVGElement {
  const d = edge.points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(' ');
  const width = Math.min(10, 1 + Math.log2(edge.weight + 1) * 1.5);
  const mid = edge.points[Math.floor(edge.points.length / 2)] ?? { x: 0, y: 0 };
  const title = `${edge.source} → ${edge.target}: ${edge.count} pending (${edge.critical} critical)`;
  return svg(
    'g',
    { class: edge.critical > 0 ? 'edge critical' : 'edge' },
    svg('title', {}, title),
    svg('path', { d, 'stroke-width': width.toFixed(1), 'marker-end': 'url(#arrow)' }),
    svg(
      'text',
      { x: mid.x.toFixed(1), y: (mid.y - 6).toFixed(1), class: 'edge-label' },
      String(edge.count),
    ),
  );
}

function nodeElement(app: App, node: Laid['nodes'][number], bottleneck: string | null): SVGElement {
  const classes = [
    'node',
    node.known ? 'known' : 'unknown',
    node.handle === bottleneck ? 'bottleneck' : '',
  ];
  const group = svg(
    'g',
    {
      class: classes.join(' ').trim(),
      'data-handle': node.handle,
      transform: `translate(${(node.x - node.width / 2).toFixed(1)},${(node.y - NODE_HEIGHT / 2).toFixed(1)})`,
    },
    svg('title', {}, `${node.handle}: ${node.waiting} pending flag(s) waiting on it`),
    svg('rect', { width: node.width.toFixed(1), height: String(NODE_HEIGHT), rx: '6' }),
    svg('text', { x: '10', y: '17' }, node.handle),
    svg(
      'text',
      { x: '10', y: '32', class: 'sub' },
      node.waiting > 0 ? `${node.waiting} waiting` : 'waits on none',
    ),
  );
  group.addEventListener('click', () => {
    location.hash = '#/flags';
    setFilter(app, { agent: node.handle, status: 'pending' });
  });
  return group;
}

function graphSvg(app: App, nodes: GraphNode[], edges: GraphEdge[]): SVGElement {
  const laid = laidOut(nodes, edges);
  const bottleneck = nodes[0] !== undefined && nodes[0].waiting > 0 ? nodes[0].handle : null;
  const marker = svg(
    'marker',
    {
      id: 'arrow',
      viewBox: '0 0 10 10',
      refX: '9',
      refY: '5',
      markerWidth: '10',
      markerHeight: '10',
      markerUnits: 'userSpaceOnUse',
      orient: 'auto-start-reverse',
    },
    svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }),
  );
  return svg(
    'svg',
    {
      class: 'graph',
      role: 'img',
      'aria-label': 'agent graph',
      viewBox: `0 0 ${laid.width.toFixed(0)} ${laid.height.toFixed(0)}`,
      width: laid.width.toFixed(0),
      height: laid.height.toFixed(0),
    },
    svg('defs', {}, marker),
    ...laid.edges.map(edgeElement),
    ...laid.nodes.map((n) => nodeElement(app, n, bottleneck)),
  );
}

function agentTable(nodes: GraphNode[]): HTMLElement {
  return h(
    'table',
    { class: 'agents', 'aria-label': 'agents' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['agent', 'pending flags waiting on it', 'impact weight', 'in catalog'].map((t) =>
          h('th', {}, t),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...nodes.map((n) =>
        h(
          'tr',
          {},
          h('td', {}, n.handle),
          h('td', {}, count(n.waiting)),
          h('td', {}, count(n.waitingWeight)),
          h('td', {}, n.known ? 'yes' : 'no'),
        ),
      ),
    ),
  );
}

/** The agents view. */
export function agentsView(app: App): HTMLElement {
  const nodes = app.data.nodes.slice(0, GRAPH_MAX_NODES);
  const shown = new Set(nodes.map((n) => n.handle));
  const edges = app.data.edges.filter((e) => shown.has(e.source) && shown.has(e.target));
  const hidden = app.data.nodes.length - nodes.length;
  const top = app.data.nodes[0];
  return h(
    'section',
    { class: 'agents-view', 'aria-label': 'agents' },
    h('h2', {}, 'Who waits on whom'),
    h(
      'p',
      { class: 'note' },
      'Edges are pending flags from source to target; wider edges weigh more (critical 8, high 4, medium 2, low 1); red edges hold a critical flag. ',
      top !== undefined && top.waiting > 0
        ? `Bottleneck: ${top.handle}, ${count(top.waiting)} pending flag(s) waiting on it.`
        : 'No pending flag has a target.',
      hidden > 0 ? ` The ${count(hidden)} agents least waited on are only in the table.` : '',
    ),
    nodes.length === 0
      ? h('p', { class: 'empty' }, 'No pending flag between agents.')
      : h('div', { class: 'graph-box' }, graphSvg(app, nodes, edges)),
    agentTable(app.data.nodes),
  );
}
