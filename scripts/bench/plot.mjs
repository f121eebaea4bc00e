// A small SVG line chart for the bench (no plotting library): log-scaled axes, one polyline
// per series, a dashed reference line, and a legend. Written by the bench into docs/.
const W = 760;
const H = 460;
const PAD = { left: 70, right: 250, top: 40, bottom: 50 };
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];
const COLORS2 = ['#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39'];

const esc = (text) =>
  String(text).replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c],
  );

function logScale(min, max, from, to) {
  const lo = Math.log10(min);
  const span = Math.log10(max) - lo || 1;
  return (value) => from + ((Math.log10(value) - lo) / span) * (to - from);
}

/** Powers of ten (and 2x, 5x) between min and max, for grid lines. */
function ticks(min, max) {
  const out = [];
  for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** p;
      if (v >= min && v <= max) out.push(v);
    }
  }
  return out;
}

/** The nearest 1, 2 or 5 times a power of ten below or above a value, for the axis ends. */
function round(value, direction) {
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = direction === 'up' ? [1, 2, 5, 10] : [5, 2, 1];
  const step = steps.find((s) => (direction === 'up' ? s * power >= value : s * power <= value));
  return (step ?? 1) * power;
}

const label = (v) => (v >= 1000 ? `${v / 1000}k` : String(v));

function axes({ x, y, xs, yTicks }, titles) {
  const parts = [];
  for (const v of yTicks) {
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end">${label(v)}</text>`,
    );
  }
  for (const v of xs) {
    parts.push(
      `<line x1="${x(v)}" x2="${x(v)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#eee"/>`,
      `<text x="${x(v)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${label(v)}</text>`,
    );
  }
  parts.push(
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 10}" text-anchor="middle">${esc(titles.x)}</text>`,
    `<text transform="translate(16 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(titles.y)}</text>`,
  );
  return parts;
}

/**
 * Renders series ({ name, points: [[x, y]] }) and a reference line ({ name, y }) as an SVG
 * document with log-scaled x and y axes.
 */
export function lineChart({ title, series, reference, xTitle, yTitle }) {
  const points = series.flatMap((s) => s.points).filter(([, v]) => v > 0);
  const xs = [...new Set(points.map(([c]) => c))].sort((a, b) => a - b);
  const values = [...points.map(([, v]) => v), reference.y];
  const yMin = round(Math.min(...values), 'down');
  const yMax = round(Math.max(...values), 'up');
  const x = logScale(xs[0], xs.at(-1), PAD.left, W - PAD.right);
  const y = logScale(yMin, yMax, H - PAD.bottom, PAD.top);
  const parts = axes({ x, y, xs, yTicks: ticks(yMin, yMax) }, { x: xTitle, y: yTitle });
  const ry = y(reference.y);
  parts.push(
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${ry}" y2="${ry}" stroke="#000" stroke-dasharray="6 4"/>`,
  );
  const legend = [
    `<text x="${W - PAD.right + 34}" y="${PAD.top + 4}">${esc(reference.name)}</text>`,
  ];
  legend.push(
    `<line x1="${W - PAD.right + 10}" x2="${W - PAD.right + 30}" y1="${PAD.top}" y2="${PAD.top}" stroke="#000" stroke-dasharray="6 4"/>`,
  );
  series.forEach((s, i) => {
    const color = (i < COLORS.length ? COLORS : COLORS2)[i % COLORS.length];
    const dash = i < COLORS.length ? '' : ' stroke-dasharray="3 3"';
    const pts = s.points
      .filter(([, v]) => v > 0)
      .map(([c, v]) => `${x(c).toFixed(1)},${y(v).toFixed(1)}`);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${pts.join(' ')}"/>`,
    );
    for (const p of pts) {
      const [px, py] = p.split(',');
      parts.push(`<circle cx="${px}" cy="${py}" r="3" fill="${color}"/>`);
    }
    const ly = PAD.top + 20 * (i + 1);
    legend.push(
      `<line x1="${W - PAD.right + 10}" x2="${W - PAD.right + 30}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${W - PAD.right + 34}" y="${ly + 4}">${esc(s.name)}</text>`,
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="#fff"/>',
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    ...parts,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
