// The report's plots as Vega-Lite specs with their data inlined, so each spec in specs/*.vl.json
// renders on its own and users can restyle it: the Pareto front (area vs output error), where the
// area goes, output error per layer, criteria × mitigations, MAC utilization, bytes and the
// bandwidth roofline per layer, area efficiency over array sizes, fixed vs flexible engines under the
// error budget (mode schedule), measured perplexity vs proxy.

import type { TradeoffReport } from './build_report.js';

export interface PlotSpec {
  /** File stem and DOM id: `pareto`, `area_breakdown`, … */
  readonly name: string;
  readonly title: string;
  /** One line under the plot: what it shows and where the numbers come from. */
  readonly caption: string;
  readonly spec: Record<string, unknown>;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const ENGINE_ORDER = ['2:4', '4:8', '8:16', '16:32', 'unstructured', 'dense W16', 'dense W32'];
const COLORS = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#b279a2', '#72b7b2', '#9d755d'];
const WIDTH = 560, HEIGHT = 300;

/** A fixed colour per engine or pattern across plots; the legend lists only those present in `rows`. */
const engineColor = (field: string, title: string, rows: readonly Record<string, unknown>[]): Record<string, unknown> => {
  const present = ENGINE_ORDER.filter((e) => rows.some((r) => r[field] === e));
  return { field, type: 'nominal', title, scale: { domain: present, range: present.map((e) => COLORS[ENGINE_ORDER.indexOf(e)]!) }, sort: present };
};

function base(title: string, data: unknown[], extra: Record<string, unknown>): Record<string, unknown> {
  return {
    $schema: SCHEMA, title: { text: title, fontSize: 14, anchor: 'start' }, width: WIDTH, height: HEIGHT, background: 'white',
    data: { values: data }, config: { axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 360 }, legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 360 } }, ...extra,
  };
}

function pareto(r: TradeoffReport): PlotSpec {
  const area = r.cost.columns.find((c) => c.id === 'um2PerDenseMacPerCycle')!;
  const rows: Record<string, unknown>[] = [];
  r.cost.engines.forEach((label, i) => {
    const pattern = label.startsWith('dense') ? 'dense' : label;
    const a = r.aggregate.results.find((x) => x.pattern === pattern && x.criterion === 'magnitude' && x.mitigation === 'none');
    if (a === undefined) return;
    rows.push({ engine: label, areaUm2: area.values[i], errorPct: 100 * a.relOutputError, series: 'pruning alone (float64)', label: label.startsWith('dense') ? '' : label });
    rows.push({ engine: label, areaUm2: area.values[i], errorPct: 100 * a.engineRelOutputError, series: `engine (${r.inputs.options.actBits}-bit activations, ${r.inputs.options.weightBits}-bit weights)`, label: label.startsWith('dense') ? label : '' });
  });
  // Pareto front per series: no other point has both less area and less error.
  for (const p of rows) p.front = !rows.some((q) => q.series === p.series && q !== p && (q.areaUm2 as number) <= (p.areaUm2 as number) && (q.errorPct as number) <= (p.errorPct as number) && ((q.areaUm2 as number) < (p.areaUm2 as number) || (q.errorPct as number) < (p.errorPct as number)));
  const x = { field: 'areaUm2', type: 'quantitative', title: `area per dense-equivalent MAC/cycle (um^2, model, nm_engine, ${r.cost.rows} x ${r.cost.cols} PEs)`, scale: { zero: false } };
  const y = { field: 'errorPct', type: 'quantitative', title: 'relative output error (%, mean over layers)' };
  return {
    name: 'pareto', title: 'Area vs output error (magnitude selection, no mitigation)',
    caption: 'Each engine twice: the error of the pruning alone (squares, labelled) and of what the engine computes with quantized operands (circles). Area per dense-equivalent MAC per cycle puts engines of different throughput on one axis. Dashed: the Pareto front of each series (no engine has both less area and less error). Unstructured has no hardware, so no area; dense engines have no pruning error.',
    spec: base('Area vs output error: the Pareto front', rows, {
      layer: [
        { transform: [{ filter: 'datum.front' }], mark: { type: 'line', strokeDash: [4, 3], color: '#888' }, encoding: { x, y, detail: { field: 'series' }, order: { field: 'areaUm2' } } },
        { mark: { type: 'point', filled: true, size: 90 }, encoding: { x, y, color: engineColor('engine', 'engine', rows), shape: { field: 'series', type: 'nominal', title: 'error of', legend: { orient: 'bottom', direction: 'vertical' } } } },
        { transform: [{ filter: "datum.engine != 'dense W16'" }], mark: { type: 'text', dx: 8, dy: -8, align: 'left', fontSize: 12, fontWeight: 'bold' }, encoding: { x, y, text: { field: 'label' } } },
        { transform: [{ filter: "datum.engine == 'dense W16'" }], mark: { type: 'text', dx: -4, dy: 16, align: 'right', fontSize: 12, fontWeight: 'bold' }, encoding: { x, y, text: { field: 'label' } } },
      ],
    }),
  };
}

function areaBreakdown(r: TradeoffReport): PlotSpec {
  const rows = Object.entries(r.cost.perKindUm2).flatMap(([engine, kinds]) => Object.entries(kinds).filter(([, v]) => v > 0).map(([kind, um2]) => ({ engine, kind, um2 })));
  return {
    name: 'area_breakdown', title: 'Where the area goes',
    caption: `Model area of nm_engine per component kind at ${r.cost.rows} x ${r.cost.cols} PEs (um^2, NanGate45-based library, cell area, no wiring).`,
    spec: base('Where the area goes, per engine', rows, {
      mark: 'bar',
      encoding: {
        x: { field: 'engine', type: 'nominal', sort: ENGINE_ORDER, title: 'engine', axis: { labelAngle: 0 } },
        y: { field: 'um2', type: 'quantitative', title: 'area (um^2, model)', stack: 'zero' },
        color: { field: 'kind', type: 'nominal', title: 'component', scale: { scheme: 'tableau10' } },
        tooltip: [{ field: 'engine' }, { field: 'kind' }, { field: 'um2', format: ',.0f' }],
      },
    }),
  };
}

/** A compact layer label for axes: file stem, then the layer with `model.layers.<i>.` shortened to `L<i>.`. */
export function shortLayer(id: string): string {
  return id.replace(/\.(safetensors|npz|npy):/, ':').replace('model.layers.', 'L').replace('.self_attn.', '.').replace('.mlp.', '.');
}

function errorPerLayer(r: TradeoffReport): PlotSpec {
  const rows = r.layers.flatMap((l) => l.results.filter((x) => x.criterion === 'magnitude' && x.mitigation === 'none' && x.pattern !== 'dense')
    .map((x) => ({ layer: shortLayer(l.id), pattern: x.pattern, errorPct: 100 * x.relOutputError })));
  const enc = { x: { field: 'pattern', type: 'nominal', sort: ENGINE_ORDER, title: 'pattern', axis: { labelAngle: 0 } }, y: { field: 'layer', type: 'nominal', title: 'layer (trace:layer)' } };
  return {
    name: 'error_per_layer', title: 'Output error per layer and pattern',
    caption: 'relOutputError (%) of each trace layer, magnitude selection, no mitigation, float64 (the pruning alone).',
    spec: base('Output error per layer and pattern (%)', rows, {
      layer: [
        { mark: 'rect', encoding: { ...enc, color: { field: 'errorPct', type: 'quantitative', title: 'output error (%)', scale: { scheme: 'oranges' } } } },
        { mark: { type: 'text', fontSize: 11 }, encoding: { ...enc, text: { field: 'errorPct', format: '.2f' } } },
      ],
    }),
  };
}

function criteriaMitigations(r: TradeoffReport): PlotSpec {
  const rows = r.aggregate.results.filter((x) => x.pattern !== 'dense').map((x) => ({ pattern: x.pattern, combo: `${x.criterion} / ${x.mitigation}`, errorPct: 100 * x.relOutputError }));
  const enc = { x: { field: 'pattern', type: 'nominal', sort: ENGINE_ORDER, title: 'pattern', axis: { labelAngle: 0 } }, y: { field: 'combo', type: 'nominal', title: 'criterion / mitigation' } };
  return {
    name: 'criteria_mitigations', title: 'Criteria and mitigations',
    caption: 'relOutputError (%, mean over layers, float64) of every selection criterion and error mitigation per pattern.',
    spec: base('Output error by criterion and mitigation (%, mean over layers)', rows, {
      height: Math.max(HEIGHT, 22 * new Set(rows.map((x) => x.combo)).size),
      layer: [
        { mark: 'rect', encoding: { ...enc, color: { field: 'errorPct', type: 'quantitative', title: 'output error (%)', scale: { scheme: 'blues' } } } },
        { mark: { type: 'text', fontSize: 10 }, encoding: { ...enc, text: { field: 'errorPct', format: '.2f' } } },
      ],
    }),
  };
}

function perLayerRows(r: TradeoffReport): { engine: string; layer: string; cost: TradeoffReport['cost']['perLayer'][string][number] }[] {
  return Object.entries(r.cost.perLayer).flatMap(([engine, layers]) => layers.map((cost, i) => ({ engine, layer: shortLayer(r.layers[i]!.id), cost })));
}

function utilization(r: TradeoffReport): PlotSpec {
  const rows = perLayerRows(r).flatMap(({ engine, layer, cost }) => [
    { engine, layer, pct: 100 * cost.macUtilization, bandwidth: 'unlimited' },
    { engine, layer, pct: 100 * cost.macUtilizationAtBandwidth, bandwidth: `${r.cost.bandwidthBytesPerCycle} B/cycle` },
  ]);
  return {
    name: 'utilization', title: 'MAC utilization per layer',
    caption: `Useful MACs / (multipliers x cycles) from the replay, with unlimited bandwidth (bars) and at ${r.cost.bandwidthBytesPerCycle} B/cycle (ticks). Small traces fill few token rows of the array.`,
    spec: base('MAC utilization per layer (%)', rows, {
      layer: [
        { transform: [{ filter: "datum.bandwidth == 'unlimited'" }], mark: 'bar', encoding: {
          x: { field: 'layer', type: 'nominal', title: 'layer', axis: { labelAngle: -30 } }, xOffset: { field: 'engine', sort: ENGINE_ORDER },
          y: { field: 'pct', type: 'quantitative', title: 'MAC utilization (%)', scale: { domain: [0, 100] } }, color: engineColor('engine', 'engine', rows) } },
        { transform: [{ filter: "datum.bandwidth != 'unlimited'" }], mark: { type: 'tick', color: 'black', thickness: 2 }, encoding: {
          x: { field: 'layer', type: 'nominal' }, xOffset: { field: 'engine', sort: ENGINE_ORDER }, y: { field: 'pct', type: 'quantitative' } } },
      ],
    }),
  };
}

function bytesPerLayer(r: TradeoffReport): PlotSpec {
  const rows = perLayerRows(r).flatMap(({ engine, layer, cost }) => [
    { engine, layer, operand: 'activations (compressed, nm_engine_core)', kib: cost.compressedActivationBytes / 1024 },
    { engine, layer, operand: 'metadata', kib: cost.metadataBytes / 1024 },
    { engine, layer, operand: 'weights (row skipping)', kib: cost.weightBytes / 1024 },
    { engine, layer, operand: 'results', kib: cost.outputBytes / 1024 },
  ]);
  return {
    name: 'bytes_per_layer', title: 'Bytes moved per layer',
    caption: 'Off-chip bytes per operand (KiB) from the replay on nm_engine_core: kept values + metadata, weights with weight-row skipping, results. Each layer has its own y scale.',
    spec: {
      $schema: SCHEMA, title: { text: 'Bytes moved per layer and operand (KiB)', fontSize: 14, anchor: 'start' }, background: 'white', data: { values: rows },
      config: { legend: { labelLimit: 360 } },
      facet: { field: 'layer', type: 'nominal', title: null, header: { labelFontSize: 11, labelLimit: 260 } }, columns: 4,
      spec: { width: 190, height: 160, mark: 'bar', encoding: {
        x: { field: 'engine', type: 'nominal', sort: ENGINE_ORDER, title: null, axis: { labelAngle: -60 } },
        y: { field: 'kib', type: 'quantitative', title: 'KiB moved', stack: 'zero' },
        color: { field: 'operand', type: 'nominal', title: 'operand', scale: { scheme: 'set2' }, legend: { orient: 'bottom', columns: 2 } } } },
      resolve: { scale: { y: 'independent' } },
    },
  };
}

function roofline(r: TradeoffReport): PlotSpec {
  const rows = perLayerRows(r).map(({ engine, layer, cost }) => ({ engine, layer, bw: cost.requiredReadBandwidthCoreBytesPerCycle }));
  return {
    name: 'roofline', title: 'Bandwidth to stay compute-bound',
    caption: `Read bandwidth (B/cycle) each engine needs per layer to stay compute-bound on nm_engine_core (bytes read / compute cycles, replay). The line is the bandwidth given, ${r.cost.bandwidthBytesPerCycle} B/cycle: bars above it are memory-bound.`,
    spec: base('Read bandwidth needed to stay compute-bound (B/cycle)', rows, {
      layer: [
        { mark: 'bar', encoding: {
          x: { field: 'layer', type: 'nominal', title: 'layer', axis: { labelAngle: -30 } }, xOffset: { field: 'engine', sort: ENGINE_ORDER },
          y: { field: 'bw', type: 'quantitative', title: 'read bandwidth needed (B/cycle)' }, color: engineColor('engine', 'engine', rows) } },
        { data: { values: [{ bw: r.cost.bandwidthBytesPerCycle }] }, mark: { type: 'rule', color: 'black', strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { field: 'bw', type: 'quantitative' } } },
      ],
    }),
  };
}

function sizes(r: TradeoffReport): PlotSpec {
  const rows = r.areaOverSizes.map((s) => ({ engine: s.label, pes: s.rows * s.cols, size: `${s.rows} x ${s.cols}`, um2: s.um2PerDenseMacPerCycle }));
  return {
    name: 'area_over_sizes', title: 'Area efficiency over array sizes',
    caption: 'Model area per dense-equivalent MAC per cycle (um^2) at each array size: the fixed cost of the compressor is shared by more PEs as the array grows.',
    spec: base('Area per dense-equivalent MAC/cycle over array size', rows, {
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'pes', type: 'quantitative', title: 'PEs (rows x cols)', scale: { type: 'log', base: 2 } },
        y: { field: 'um2', type: 'quantitative', title: 'um^2 per dense-equivalent MAC/cycle (model)', scale: { zero: false } },
        color: engineColor('engine', 'engine', rows), tooltip: [{ field: 'engine' }, { field: 'size' }, { field: 'um2', format: '.1f' }],
      },
    }),
  };
}

function measured(r: TradeoffReport): PlotSpec | undefined {
  const rows = r.measured.flatMap((m) => m.groups.flatMap((g) => g.rows.filter((x) => x.relOutputError !== null)
    .map((x) => ({ model: m.model, combo: `${g.criterion} / ${g.mitigation}`, pattern: x.pattern, perplexity: x.perplexity, errorPct: 100 * x.relOutputError! }))));
  if (rows.length === 0) return undefined;
  const x = { field: 'errorPct', type: 'quantitative', title: 'trace proxy: relative output error (%)', scale: { zero: false } };
  const y = { field: 'perplexity', type: 'quantitative', title: 'measured perplexity', scale: { zero: false } };
  return {
    name: 'measured_vs_proxy', title: 'Measured perplexity vs the trace proxy',
    caption: 'Each point is one pattern of one measured combination; a proxy that ranks as perplexity does gives points rising left to right. A tiny model is not an LLM.',
    spec: base('Measured perplexity vs trace proxy', rows, {
      layer: [
        { mark: { type: 'point', filled: true, size: 80 }, encoding: { x, y, color: engineColor('pattern', 'pattern', rows), shape: { field: 'combo', type: 'nominal', title: 'criterion / mitigation' } } },
        { mark: { type: 'text', dx: 8, dy: -8, align: 'left', fontSize: 11 }, encoding: { x, y, text: { field: 'pattern' } } },
      ],
    }),
  };
}

/** Fixed and flexible engines of the mode schedule: area against mean output error, labelled. */
function modeSchedulePlot(r: TradeoffReport): PlotSpec | undefined {
  const s = r.modeSchedule;
  if (s === null) return undefined;
  const rows = s.engines.map((e) => ({ engine: e.label, kind: e.kind, areaUm2: e.areaUm2, errorPct: 100 * e.meanRelError, over: e.layersOverBudget, energyPj: e.energyPj }));
  return {
    name: 'mode_schedule', title: 'Fixed vs flexible engines under the error budget',
    caption: `Area of nm_engine (model) against the mean per-layer output error when every layer runs its engine's cheapest mode within ${(100 * s.errorBudget).toFixed(1)}% (fixed engines: their one pattern); the label gives the layers over the budget.`,
    spec: base('Area vs output error, per-layer mode schedule', rows, {
      layer: [
        { mark: { type: 'point', filled: true, size: 90 }, encoding: {
          x: { field: 'areaUm2', type: 'quantitative', title: 'area, nm_engine (um^2, model)', scale: { zero: false } },
          y: { field: 'errorPct', type: 'quantitative', title: 'mean output error (%)', scale: { zero: false } },
          color: { field: 'kind', type: 'nominal', title: 'engine' }, shape: { field: 'kind', type: 'nominal' },
          tooltip: [{ field: 'engine' }, { field: 'areaUm2', format: ',.0f' }, { field: 'errorPct', format: '.2f' }, { field: 'energyPj', format: ',.0f' }, { field: 'over' }] } },
        { mark: { type: 'text', align: 'left', dx: 7, dy: -6, fontSize: 10 }, encoding: {
          x: { field: 'areaUm2', type: 'quantitative' }, y: { field: 'errorPct', type: 'quantitative' }, text: { field: 'engine' } } },
      ],
    }),
  };
}

export function reportPlots(r: TradeoffReport): PlotSpec[] {
  const m = measured(r);
  const s = modeSchedulePlot(r);
  return [pareto(r), areaBreakdown(r), errorPerLayer(r), criteriaMitigations(r), utilization(r), bytesPerLayer(r), roofline(r), sizes(r), ...(s !== undefined ? [s] : []), ...(m !== undefined ? [m] : [])];
}
