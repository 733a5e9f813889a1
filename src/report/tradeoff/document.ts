// The report as a neutral document (sections of paragraphs, tables, lists and plots) built once
// from the report data, so report.md and report.html say the same things with the same numbers.
// Every number is printed with its unit here; the renderers only lay it out.

import type { AccuracyResult } from '../../accuracy/evaluate_layer.js';
import type { TradeoffReport } from './build_report.js';
import type { ModeSchedule } from './mode_schedule.js';
import type { PlotSpec } from './vl_specs.js';
import { scheduleOptionsText } from '../engine_text.js';

export type Block =
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'plot'; readonly plot: PlotSpec };

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

const pct = (x: number, d = 2): string => `${(100 * x).toFixed(d)}%`;
const num = (x: number | null, d: number): string => (x === null ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));

function accuracyRows(results: readonly AccuracyResult[]): string[][] {
  return results.map((r) => [r.pattern, r.criterion, r.mitigation, pct(r.keptEnergy, 3), pct(r.relOutputError), r.cosine.toFixed(5), pct(r.engineRelOutputError), `${r.tiedGroups} / ${r.engineTiedGroups} of ${r.groups}`]);
}
const ACCURACY_HEADERS = ['pattern', 'criterion', 'mitigation', 'kept energy (%)', 'output error, float (%)', 'cosine (1)', 'output error, engine (%)', 'tied groups float / engine (groups)'];

export function reportDocument(r: TradeoffReport, plots: readonly PlotSpec[]): Section[] {
  const plot = (name: string): Block[] => plots.filter((p) => p.name === name).map((p) => ({ kind: 'plot', plot: p }));
  const sections: Section[] = [];
  const traces = r.inputs.traces.map((t) => `${t.path} (${t.layers.length} layer(s), ${t.bytes} bytes, sha256 ${t.sha256.slice(0, 12)}…)`);
  sections.push({ id: 'summary', title: 'Summary', blocks: [
    { kind: 'p', text: r.recommendation.text },
    ...(r.recommendation.caveats.length > 0 ? [{ kind: 'p' as const, text: `Caveats: ${r.recommendation.caveats.join('; ')}.` }] : []),
    { kind: 'p', text: `nmcore ${r.nmcoreVersion}; ${r.layers.length} layer(s) from ${r.inputs.traces.length} trace file(s); engines at ${r.cost.rows} x ${r.cost.cols} PEs, ${r.inputs.options.actBits}-bit activations, ${r.inputs.options.weightBits}-bit weights; read bandwidth ${r.cost.bandwidthBytesPerCycle} B/cycle. Command: \`${r.inputs.command}\`.` },
    { kind: 'list', items: traces },
  ] });
  sections.push({ id: 'pareto', title: 'Area vs output error', blocks: [...plot('pareto'), ...plot('area_breakdown')] });

  const head = r.aggregate.results.filter((x) => x.criterion === 'magnitude' && x.mitigation === 'none');
  sections.push({ id: 'accuracy', title: 'Accuracy on the traces', blocks: [
    { kind: 'p', text: `Aggregate over ${r.layers.length} layer(s): ${r.aggregate.method}. Output error is the trace proxy: what pruning does to one layer's outputs, not a model's loss.` },
    { kind: 'table', headers: ACCURACY_HEADERS, rows: accuracyRows(head) },
    ...plot('error_per_layer'), ...plot('criteria_mitigations'),
    { kind: 'p', text: 'Every criterion and mitigation, mean over layers:' },
    { kind: 'table', headers: ACCURACY_HEADERS, rows: accuracyRows(r.aggregate.results) },
  ] });
  sections.push({ id: 'layers', title: 'Per layer', blocks: [
    { kind: 'table', headers: ['layer', 'tokens x channels (T x K)', 'output channels O (source)', 'weights', 'output channels evaluated'],
      rows: r.layers.map((l) => [l.id, `${l.tokens} x ${l.channels}`, `${l.outChannels} (${l.outChannelsSource})`, l.weights.source === 'trace' ? 'from the trace' : `random: ${l.weights.distribution}`, `${l.weights.evalOutChannels}${l.weights.sampled ? ' (seeded sample)' : ' (all)'}`]) },
    { kind: 'table', headers: ['layer', ...r.inputs.options.patterns.map((p) => `${p}: error float / engine (%)`)],
      rows: r.layers.map((l) => [l.id, ...r.inputs.options.patterns.map((p) => {
        const x = l.results.find((y) => y.pattern === p && y.criterion === 'magnitude' && y.mitigation === 'none');
        return x === undefined ? '-' : `${pct(x.relOutputError)} / ${pct(x.engineRelOutputError)}`;
      })]) },
  ] });

  const eng = r.cost.engines;
  sections.push({ id: 'cost', title: 'Cost per engine', blocks: [
    { kind: 'p', text: `Sparse engines: ${eng.filter((e) => !e.startsWith('dense')).join(', ')}, 16 multipliers per PE (window 32 channels). dense W16 has the same multipliers (equal lanes); dense W32 takes the same 32 channels per cycle (equal dense-equivalent throughput). Area from the model, cycles and bytes from the replay of the traces' layers.` },
    { kind: 'table', headers: ['(unit in each row)', ...eng], rows: r.cost.columns.map((c) => [`${c.label} [${c.source}]`, ...c.values.map((v) => num(v, c.digits))]) },
    ...plot('utilization'), ...plot('bytes_per_layer'), ...plot('roofline'),
    { kind: 'table', headers: ['read bandwidth to stay compute-bound, nm_engine_core (B/cycle)', ...eng],
      rows: r.layers.map((l, i) => [l.id, ...eng.map((e) => num(r.cost.perLayer[e]![i]!.requiredReadBandwidthCoreBytesPerCycle, 1))]) },
  ] });
  if (r.modeSchedule !== null) sections.push({ id: 'mode_schedule', title: 'Flexible engines: the cheapest mode per layer under an error budget', blocks: [...scheduleBlocks(r.modeSchedule), ...plot('mode_schedule')] });
  const sizes = [...new Set(r.areaOverSizes.map((s) => `${s.rows} x ${s.cols}`))];
  sections.push({ id: 'sizes', title: 'Area efficiency over array sizes', blocks: [
    ...plot('area_over_sizes'),
    { kind: 'table', headers: ['um^2 per dense-equivalent MAC/cycle (vs dense W32)', ...sizes],
      rows: eng.map((e) => [e, ...sizes.map((s) => {
        const p = r.areaOverSizes.find((x) => x.label === e && `${x.rows} x ${x.cols}` === s)!;
        return `${p.um2PerDenseMacPerCycle.toFixed(1)} (${(100 * (p.relativeToDenseEqualThroughput - 1)).toFixed(1)}%)`;
      })]) },
  ] });
  const tc = r.targetClock;
  const stagesText = (s: readonly string[]): string => `${s.join(', ')} (L = ${s.length} cycles)`;
  sections.push({ id: 'target_clock', title: `Reaching ${tc.targetMhz} MHz`, blocks: [
    { kind: 'p', text: `nm_engine of each engine as generated and pipelined for ${tc.targetMhz} MHz (timing model, NanGate 45 nm typical, register overhead included): the schedule with the fewest cycles that meets the clock plus a ${tc.timingMarginPct}% timing margin (modelled fmax at least ${Number((tc.targetMhz * (1 + tc.timingMarginPct / 100)).toFixed(2))} MHz) in both tops${tc.timingMarginPct > 0 ? ', every stage also within the clock period after its timing forms\' fit-error guard (the largest underestimate of each form on its own fit points, docs/schedule.md "Fit-error guard")' : ''}, ties by the smallest modelled area (\`generate --target-mhz ${tc.targetMhz} --timing-margin-pct ${tc.timingMarginPct}\` builds it; docs/schedule.md lists the options: inputCut false drops the input register, laneCut false moves the activation mux beside the weight mux, weightMuxCut true the weight mux beside the activation mux, in front of the lane register, so a schedule can take fewer cycles than the engine as generated).` },
    { kind: 'table', headers: ['engine', 'fmax as generated (MHz), critical stage', 'stages as generated', `schedule at ${tc.targetMhz} MHz`, `stages at ${tc.targetMhz} MHz`, 'added cycles (cycles; below 0: fewer)', 'fmax at target (MHz)', 'area at target (um^2, x as generated)'],
      rows: tc.rows.map((x) => [x.label, `${x.asGenerated.fmaxMhz.toFixed(0)} (${x.asGenerated.criticalStage})`, stagesText(x.asGenerated.stages),
        ...(x.atTarget === undefined
          ? [`none: the best schedule reaches ${x.bestFmaxMhz.toFixed(0)} MHz`, '-', '-', '-', '-']
          : [scheduleOptionsText(x.atTarget.schedule),
            stagesText(x.atTarget.stages), String(x.atTarget.addedCycles), x.atTarget.fmaxMhz.toFixed(0), `${num(x.atTarget.areaUm2, 0)} (x${x.atTarget.areaRatio.toFixed(3)})`])]) },
  ] });
  sections.push({ id: 'hardware', title: 'Criteria and mitigations in hardware', blocks: [
    { kind: 'table', headers: ['kind', 'id', 'where it sits', 'what it needs', 'area (um^2, model)'],
      rows: r.hardwareMapping.map((h) => [h.kind, h.id, h.where, h.needs, h.areaUm2 !== undefined ? `${Object.entries(h.areaUm2).map(([k, v]) => `${k}: ${v.toFixed(0)}`).join(', ')} (${h.areaNote})` : h.areaNote]) },
  ] });
  const measuredBlocks: Block[] = r.measured.length === 0
    ? [{ kind: 'p', text: 'No measured-accuracy file was given (--measured) or shipped, so the proxy is not checked against perplexity here.' }]
    : r.measured.flatMap((m): Block[] => [
      { kind: 'p', text: `${m.file}: ${m.model}${m.densePerplexity !== null ? `, dense perplexity ${m.densePerplexity.toFixed(3)}` : ''}. ${m.statement}` },
      { kind: 'table', headers: ['criterion / mitigation', 'pattern', 'perplexity (1)', 'mean NLL (nats/token)', 'trace proxy output error (%)'],
        rows: m.groups.flatMap((g) => g.rows.map((x) => [`${g.criterion} / ${g.mitigation}`, x.pattern, x.perplexity.toFixed(3), x.meanNllNats.toFixed(4), x.relOutputError === null ? '-' : pct(x.relOutputError)])) },
      { kind: 'list', items: m.groups.map((g) => `${g.criterion} / ${g.mitigation}: perplexity ranks ${g.byPerplexity.join(' < ')}; proxy ranks ${g.byProxy.join(' < ')}; ${g.sameRanking ? 'same ranking' : 'different ranking'} (Kendall tau ${g.kendallTau.toFixed(2)})`) },
    ]);
  sections.push({ id: 'measured', title: 'Measured perplexity vs the trace proxy', blocks: [...measuredBlocks, ...plot('measured_vs_proxy')] });
  const logs = r.publishedRunLogs as { title: string; source: string; caveats: string[]; rows: Record<string, unknown>[] };
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? Object.values(v as Record<string, number>).map((x) => x.toFixed(2)).join(' / ') : String(v));
  sections.push({ id: 'published', title: 'Published accuracy: run logs of the study\'s public code', blocks: [
    { kind: 'p', text: `${logs.title}. Source: ${logs.source}. Caveats: ${logs.caveats.join('; ')}.` },
    { kind: 'table', headers: ['log id', 'model', 'seqlen (tokens)', 'criterion', 'mitigation', 'pattern', 'pruned layers', 'ARC-c acc/acc_norm (%)', 'ARC-e (%)', 'BoolQ (%)', 'HellaSwag (%)', 'PIQA (%)', 'WinoGrande (%)', 'WikiText-2 perplexity (1)'],
      rows: logs.rows.map((x) => ['logId', 'model', 'seqlenTokens', 'criterion', 'mitigation', 'pattern', 'prunedLayers', 'arcChallenge', 'arcEasy', 'boolq', 'hellaswag', 'piqa', 'winogrande', 'wikitext2Perplexity'].map((k) => cell(x[k]))) },
  ] });
  sections.push({ id: 'notes', title: 'Notes and definitions', blocks: [
    { kind: 'list', items: r.notes },
    { kind: 'list', items: Object.entries(r.definitions).map(([k, v]) => `${k}: ${v}`) },
  ] });
  return sections;
}

/** The schedule section: fixed and flexible engines side by side, then the per-layer schedule of each flexible engine. */
function scheduleBlocks(s: ModeSchedule): Block[] {
  const budget = pct(s.errorBudget, 1);
  const ref = s.engines.find((e) => e.kind === 'fixed' && e.modes.length === 1 && e.modes[0] === '16:32');
  const flex = s.engines.filter((e) => e.kind === 'flexible');
  return [
    { kind: 'p', text: `Every layer's error budget: ${budget} relative output error (${s.metric}). Fixed engines run every layer at their one pattern; each flexible engine runs every layer in its cheapest mode within the budget (${s.cheapest}). A layer that no mode of an engine brings within the budget runs in that engine's least-error mode and counts as over the budget. Cycles, bytes and energy from the layer replay in that mode (nm_engine, 16 multipliers per PE); area from the model.` },
    { kind: 'table', headers: ['engine', 'modes', 'area, nm_engine (um^2, model)', 'area vs fixed 16:32 (%)', 'energy over the layers (pJ)', 'cycles, unlimited bandwidth (cycles)', `cycles at ${s.bandwidthBytesPerCycle} B/cycle (cycles)`, 'bytes read (bytes)', 'mean output error (%)', 'worst layer output error (%)', `layers over the ${budget} budget (layers)`, 'layers per mode (layers)'],
      rows: s.engines.map((e) => [e.label, e.modes.join(', '), num(e.areaUm2, 0), ref === undefined ? '-' : `${(100 * (e.areaUm2 / ref.areaUm2 - 1)).toFixed(1)}%`, num(e.energyPj, 0), num(e.computeBoundCycles, 0), num(e.cyclesAtBandwidth, 0), num(e.readBytes, 0),
        pct(e.meanRelError), pct(e.maxRelError), `${e.layersOverBudget} of ${e.layers.length}`, Object.entries(e.layersPerMode).map(([p, n]) => `${p}: ${n}`).join(', ')]) },
    ...(flex.length === 0 ? [{ kind: 'p' as const, text: 'No flexible engine: their modes are not all in --patterns.' }] : [
      { kind: 'p' as const, text: `The schedule per layer: the mode each flexible engine runs, its output error and energy; "over budget" where no mode meets ${budget}.` },
      { kind: 'table' as const, headers: ['layer', ...flex.map((e) => `${e.label}: mode (error %, energy pJ)`)],
        rows: flex[0]!.layers.map((l, i) => [l.layer, ...flex.map((e) => {
          const x = e.layers[i]!;
          return `${x.pattern} (${pct(x.relError)}, ${num(x.energyPj, 0)} pJ${x.meetsBudget ? '' : ', over budget: no mode meets it'})`;
        })]) },
    ]),
  ];
}
