// The files of a sweep report, built in memory for one all-or-nothing write: results.json (every
// number, deterministic), results.csv, pareto.csv, report.md and report.html (the same document:
// summary, Pareto front, all points, failures, notes; the plots inline in the HTML), specs/ and
// plots/. The document reuses the trade-off report's Markdown and HTML renderers.

import type { ResultRow, SweepResults } from '../../sweep/results.js';
import type { Block, Section } from '../tradeoff/document.js';
import { renderHtml } from '../tradeoff/html.js';
import { renderMarkdown } from '../tradeoff/markdown.js';
import { renderSvg } from '../tradeoff/render_svg.js';
import type { PlotSpec } from '../tradeoff/vl_specs.js';
import { resultsCsv } from './results_csv.js';
import { areaOf, sweepPlots } from './sweep_plots.js';

const num = (x: number | null, d: number): string => (x === null ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(2)}%`);

const HEADERS = ['point', 'model area (µm²)', 'synthesis area (µm²)', 'output error, engine (%)', 'cycles at bandwidth (cycles)', 'MAC utilization (%)', 'time at clock (ns)', 'cosim', 'Pareto'];
const row = (p: ResultRow): string[] => [
  p.id, num(p.modelAreaUm2, 0), num(p.synthAreaUm2, 0), pct(p.engineRelOutputError), num(p.cyclesAtBandwidth, 0), pct(p.macUtilization), num(p.timeAtClockNs, 0),
  p.cosimAgree === null ? '-' : p.cosimAgree ? 'agree' : 'DIVERGE', p.pareto ? 'yes' : p.failed.length > 0 ? `failed: ${p.failed.join(', ')}` : '',
];

export interface SweepRunInfo {
  readonly executor: string;
  readonly cachedJobs: number;
  readonly computedJobs: number;
  readonly seconds: number;
}

function document(r: SweepResults, plots: readonly PlotSpec[], info: SweepRunInfo): Section[] {
  const plot = (name: string): Block[] => plots.filter((p) => p.name === name).map((p) => ({ kind: 'plot' as const, plot: p }));
  const front = r.points.filter((p) => p.pareto);
  const a = r.study.axes;
  return [
    {
      id: 'summary', title: 'Summary', blocks: [
        { kind: 'p', text: `Study ${r.study.name} (${r.study.file}): ${r.points.length} points, ${front.length} on the Pareto front over ${r.pareto.objectives.join(' × ')} (${areaOf(r).title}).` },
        { kind: 'list', items: [
          `patterns ${a.patterns.join(', ')}; windows ${a.windows?.join(', ') ?? 'each pattern\'s m'} (channels); arrays ${a.sizes.map((s) => `${s.rows}x${s.cols}`).join(', ')} (PEs)`,
          `activations ${a.actBits.join(', ')} bits, weights ${a.weightBits.join(', ')} bits, metadata ${a.meta.join(', ')}, organizations ${a.organizations.join(', ')}, clocks ${a.clockNs.join(', ')} ns`,
          `work per point: ${r.study.run.join(', ')}; bandwidth ${r.study.bandwidthBytesPerCycle} bytes/cycle; seed ${r.study.seed}`,
          ...r.study.traces.map((t) => `trace ${t.path} (SHA-256 ${t.sha256})`),
          `nmcore ${r.nmcoreVersion}; model fingerprints (SHA-256 of the code and data that computed each kind of job): ${Object.entries(r.modelFingerprints).map(([k, f]) => `${k} ${f.slice(0, 16)}`).join(', ')}`,
          `this run: ${info.executor}; ${info.computedJobs} jobs computed, ${info.cachedJobs} from the cache (points/), ${info.seconds.toFixed(1)} s`,
        ] },
      ],
    },
    { id: 'pareto', title: 'Pareto front', blocks: [{ kind: 'table', headers: HEADERS, rows: front.map(row) }, ...plot('area_vs_error'), ...plot('area_vs_cycles')] },
    { id: 'points', title: 'All points', blocks: [{ kind: 'table', headers: HEADERS, rows: r.points.map(row) }, ...plot('model_vs_synthesis')] },
    ...(r.failures.length > 0 ? [{ id: 'failures', title: 'Failed jobs', blocks: [{ kind: 'list' as const, items: r.failures.map((f) => `${f.kind} ${f.key}: ${f.message}`) }] }] : []),
    { id: 'notes', title: 'Notes', blocks: [{ kind: 'list', items: [...r.notes, 'results.json holds every number with the column units; results.csv the same table; pareto.csv the front'] }] },
  ];
}

export const SWEEP_TITLE = 'nmcore design-space sweep';

export async function sweepFiles(r: SweepResults, info: SweepRunInfo): Promise<Map<string, string>> {
  const plots = sweepPlots(r);
  const svgs = new Map<string, string>();
  for (const p of plots) svgs.set(p.name, await renderSvg(p.spec));
  const doc = document(r, plots, info);
  const files = new Map<string, string>([
    ['results.json', JSON.stringify(r, null, 1) + '\n'],
    ['results.csv', resultsCsv(r)],
    ['pareto.csv', resultsCsv({ ...r, points: r.points.filter((p) => p.pareto) })],
    ['report.md', renderMarkdown(`${SWEEP_TITLE}: ${r.study.name}`, doc)],
    ['report.html', renderHtml(`${SWEEP_TITLE}: ${r.study.name}`, doc, svgs)],
    ['run.json', JSON.stringify({ format: 'nmcore-sweep-run', version: 1, ...info }, null, 1) + '\n'],
  ]);
  for (const p of plots) {
    files.set(`specs/${p.name}.vl.json`, JSON.stringify(p.spec, null, 1) + '\n');
    files.set(`plots/${p.name}.svg`, svgs.get(p.name)!);
  }
  return files;
}
