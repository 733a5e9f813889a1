// The plots of a sweep report as Vega-Lite specs with their data inlined (rendered to SVG by
// src/report/tradeoff/render_svg.ts): area vs output error and area vs cycles, every point coloured
// by pattern and shaped by array size, the Pareto points outlined and labelled; model vs
// synthesis area when the study synthesized.

import type { ResultRow, SweepResults } from '../../sweep/results.js';
import type { PlotSpec } from '../tradeoff/vl_specs.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function spec(title: string, values: unknown[], layer: unknown[]): Record<string, unknown> {
  return {
    $schema: SCHEMA, title: { text: title, fontSize: 14, anchor: 'start' }, width: 560, height: 300, background: 'white',
    data: { values }, config: { axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } }, layer,
  };
}

/** The area a sweep's Pareto front uses: synthesis when the study ran it, else the model. */
export function areaOf(r: SweepResults): { key: 'synthAreaUm2' | 'modelAreaUm2'; title: string } {
  return r.pareto.objectives.includes('synthAreaUm2') ? { key: 'synthAreaUm2', title: 'area (µm², Yosys synthesis of the components)' } : { key: 'modelAreaUm2', title: 'area (µm², analytic model)' };
}

function scatter(r: SweepResults, name: string, title: string, caption: string, y: { value: (p: ResultRow) => number | null; title: string }): PlotSpec | undefined {
  const area = areaOf(r);
  const values = r.points.filter((p) => p[area.key] !== null && y.value(p) !== null).map((p) => ({
    id: p.id, pattern: p.pattern, size: `${p.rows}x${p.cols}`, window: p.window, organization: p.organization, area: p[area.key], y: y.value(p), pareto: p.pareto,
  }));
  if (values.length === 0) return undefined;
  const x = { field: 'area', type: 'quantitative', title: area.title, scale: { zero: false } };
  const yy = { field: 'y', type: 'quantitative', title: y.title, scale: { zero: false } };
  return {
    name, title, caption,
    spec: spec(title, values, [
      { mark: { type: 'point', filled: true, size: 80, opacity: 0.8 }, encoding: { x, y: yy, color: { field: 'pattern', type: 'nominal', title: 'pattern' }, shape: { field: 'size', type: 'nominal', title: 'array (R x C)' }, tooltip: [{ field: 'id' }] } },
      { transform: [{ filter: 'datum.pareto' }], mark: { type: 'point', filled: false, size: 220, color: '#222', strokeWidth: 1.5 }, encoding: { x, y: yy } },
      { transform: [{ filter: 'datum.pareto' }], mark: { type: 'text', dx: 10, dy: -8, align: 'left', fontSize: 10 }, encoding: { x, y: yy, text: { field: 'pattern' } } },
    ]),
  };
}

export function sweepPlots(r: SweepResults): PlotSpec[] {
  const out: (PlotSpec | undefined)[] = [
    scatter(r, 'area_vs_error', 'Area vs output error', 'Every point of the study; circled and labelled: the Pareto front over area, output error and cycles (no point is better on all three). Output error: what the engine computes, magnitude selection, mean over the traces\' layers.',
      { value: (p) => (p.engineRelOutputError === null ? null : 100 * p.engineRelOutputError), title: 'relative output error (%, engine)' }),
    scatter(r, 'area_vs_cycles', 'Area vs cycles', 'Cycles of the replay of every trace layer at the study\'s bandwidth; circled: the Pareto front.',
      { value: (p) => p.cyclesAtBandwidth, title: `cycles at ${r.study.bandwidthBytesPerCycle} bytes/cycle (all trace layers)` }),
  ];
  if (r.study.run.includes('synthesis') && r.study.run.includes('model')) {
    const values = r.points.filter((p) => p.synthAreaUm2 !== null && p.modelAreaUm2 !== null).map((p) => ({ id: p.id, pattern: p.pattern, model: p.modelAreaUm2, synth: p.synthAreaUm2 }));
    if (values.length > 0) {
      const max = Math.max(...values.map((v) => Math.max(v.model!, v.synth!)));
      out.push({
        name: 'model_vs_synthesis', title: 'Model vs synthesis area', caption: 'Each point: the analytic model\'s area against Yosys synthesis of the same components; the line is equality.',
        spec: spec('Model vs synthesis area', values, [
          { data: { values: [{ a: 0 }, { a: max }] }, mark: { type: 'line', strokeDash: [4, 3], color: '#888' }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } } },
          { mark: { type: 'point', filled: true, size: 70 }, encoding: { x: { field: 'model', type: 'quantitative', title: 'model area (µm²)' }, y: { field: 'synth', type: 'quantitative', title: 'synthesis area (µm²)' }, color: { field: 'pattern', type: 'nominal' }, tooltip: [{ field: 'id' }] } },
        ]),
      });
    }
  }
  return out.filter((p): p is PlotSpec => p !== undefined);
}
