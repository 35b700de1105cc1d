/**
 * A hand-rolled SVG bar chart (no plotting library): one or more panels side by side, each with
 * groups (a scenario's cases) of horizontal bars (one per peer), value labels at the bar ends and
 * Sextant's bars in a highlight colour. Pure: returns the SVG text.
 */

export interface Bar {
  label: string;
  /** NaN draws an empty slot labelled "n/a". */
  value: number;
  highlight?: boolean;
}

export interface BarGroup {
  label: string;
  bars: Bar[];
}

export interface Panel {
  title: string;
  groups: BarGroup[];
  /** Format of the value labels. */
  format?: (v: number) => string;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  panels: Panel[];
}

const BAR_H = 14;
const BAR_GAP = 4;
const GROUP_GAP = 16;
const LABEL_W = 240;
/** Panels per row; more panels wrap below. */
const COLUMNS = 2;
const PLOT_W = 260;
const VALUE_W = 70;
const PANEL_W = LABEL_W + PLOT_W + VALUE_W;
const TOP = 58;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function defaultFormat(v: number): string {
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function panelHeight(p: Panel): number {
  return p.groups.reduce((h, g) => h + 18 + g.bars.length * (BAR_H + BAR_GAP) + GROUP_GAP, 24);
}

function renderPanel(p: Panel, x0: number, y0: number): string[] {
  const out: string[] = [`<text x="${x0}" y="${TOP + y0}" class="panel">${escapeXml(p.title)}</text>`];
  const max = Math.max(0, ...p.groups.flatMap((g) => g.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))));
  const fmt = p.format ?? defaultFormat;
  let y = TOP + y0 + 24;
  for (const g of p.groups) {
    out.push(`<text x="${x0}" y="${y + 10}" class="group">${escapeXml(g.label)}</text>`);
    y += 18;
    for (const b of g.bars) {
      const ok = Number.isFinite(b.value);
      const w = ok && max > 0 ? Math.max(1, (b.value / max) * PLOT_W) : 0;
      out.push(`<text x="${x0 + LABEL_W - 6}" y="${y + BAR_H - 3}" class="label" text-anchor="end">${escapeXml(b.label)}</text>`);
      if (ok) out.push(`<rect x="${x0 + LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" class="${b.highlight ? 'bar hi' : 'bar'}"/>`);
      out.push(`<text x="${x0 + LABEL_W + w + 4}" y="${y + BAR_H - 3}" class="value">${ok ? escapeXml(fmt(b.value)) : 'n/a'}</text>`);
      y += BAR_H + BAR_GAP;
    }
    y += GROUP_GAP;
  }
  return out;
}

export function barChart(spec: ChartSpec): string {
  const cols = Math.min(COLUMNS, Math.max(1, spec.panels.length));
  const width = cols * (PANEL_W + 20) + 20;
  const body: string[] = [];
  let y0 = 0;
  for (let row = 0; row * cols < spec.panels.length; row++) {
    const panels = spec.panels.slice(row * cols, row * cols + cols);
    panels.forEach((p, i) => body.push(...renderPanel(p, 20 + i * (PANEL_W + 20), y0)));
    y0 += Math.max(0, ...panels.map(panelHeight));
  }
  const height = TOP + y0 + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>.title{font-size:16px;font-weight:bold}.subtitle{font-size:11px;fill:#555}.panel{font-size:13px;font-weight:bold}.group{font-size:12px;font-weight:bold;fill:#333}.label,.value{font-size:11px;fill:#222}.bar{fill:#8aa4c8}.bar.hi{fill:#d9822b}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="20" y="22" class="title">${escapeXml(spec.title)}</text>`,
    spec.subtitle ? `<text x="20" y="38" class="subtitle">${escapeXml(spec.subtitle)}</text>` : '',
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
