// The accuracy of a list of layers, as the report and the bench run it: on the GEMM path
// (gemm/: every output channel, onnxruntime-node's CPU kernels) when onnxruntime-node loads, else on
// the pure-TypeScript reference path (evaluate_layer.ts, output channels sampled above
// OUTPUT_ERROR_MAC_BUDGET) with a note saying so. The reference path also runs on request (`path:
// 'reference'`), e.g. to compare the two.

import type { TraceLayer } from '../trace/types.js';
import { evaluateLayer, type AccuracyPlan, type AccuracyResult } from './evaluate_layer.js';
import { evaluateLayerGemm } from './gemm/evaluate_layer_gemm.js';
import { gemmWeights } from './gemm/gemm_weights.js';
import { loadOrtGemm, type GemmBackend } from './gemm/ort_gemm.js';
import { layerWeights } from './layer_weights.js';

export interface AccuracyLayerInput {
  readonly id: string;
  readonly layer: TraceLayer;
  readonly outChannels: number;
  readonly outChannelsSource: string;
}

export interface LayerWeightsInfo {
  readonly source: 'trace' | 'random';
  readonly distribution?: string;
  readonly evalOutChannels: number;
  readonly sampled: boolean;
}

export interface LayerAccuracyOutput {
  readonly weights: LayerWeightsInfo;
  readonly results: AccuracyResult[];
}

export interface EvaluateLayersOptions {
  readonly weightBits: number;
  readonly seed: number;
  /** `auto`: the GEMM path when onnxruntime-node loads, else the reference with a note; `reference`: always the reference. */
  readonly path: 'auto' | 'reference';
  /** Intra-op threads of the GEMMs (default: 2, the machine's cores). */
  readonly threads?: number;
  readonly progress: (line: string) => void;
}

export interface LayersAccuracy {
  readonly layers: LayerAccuracyOutput[];
  /** What computed the products: `onnxruntime-node ... (CPU, n threads)` or `pure TypeScript reference`. */
  readonly engine: string;
  /** Why the GEMM path was not used (absent when it was or when the reference was asked for). */
  readonly fallbackReason?: string;
}

export const REFERENCE_ENGINE = 'pure TypeScript reference';

/** Opens the GEMM backend of `o` (none for the reference path, or with the reason it did not load). */
export async function openGemm(o: EvaluateLayersOptions): Promise<{ gemm?: GemmBackend; reason?: string }> {
  if (o.path === 'reference') return {};
  const loaded = await loadOrtGemm(o.threads ?? 2);
  if (loaded.ok) return { gemm: loaded.gemm };
  o.progress(`note: ${loaded.reason}; accuracy falls back to the pure TypeScript reference path (output channels sampled above 2^23 multiplies per layer)`);
  return { reason: loaded.reason };
}

/** The accuracy of one layer, on `gemm` when given, else on the reference path. */
export async function evaluateOneLayer(l: AccuracyLayerInput, plan: AccuracyPlan, o: EvaluateLayersOptions, gemm: GemmBackend | undefined): Promise<LayerAccuracyOutput> {
  if (gemm !== undefined) {
    const w = gemmWeights(l.layer, l.outChannels, l.outChannelsSource, o.weightBits, o.seed, plan.criteria.includes('amber'));
    const results = await evaluateLayerGemm(l.layer, w, plan, gemm);
    return { weights: { source: w.source, ...(w.distribution !== undefined ? { distribution: w.distribution } : {}), evalOutChannels: w.outChannels, sampled: false }, results };
  }
  const w = layerWeights(l.layer, l.outChannels, l.outChannelsSource, o.weightBits, o.seed);
  const results = evaluateLayer(l.layer, w, plan);
  return { weights: { source: w.source, ...(w.distribution !== undefined ? { distribution: w.distribution } : {}), evalOutChannels: w.evalChannels.length, sampled: w.sampled }, results };
}

/** The progress line of one layer's accuracy (`[done/total]`). */
export function accuracyProgressLine(doneCount: number, total: number, l: AccuracyLayerInput, r: LayerAccuracyOutput, seconds: number): string {
  return `[${doneCount}/${total}] accuracy ${l.id}: ${l.layer.tokens} x ${l.layer.channels} -> ${r.weights.evalOutChannels} of ${l.outChannels} output channels, ${r.results.length} combinations, ${seconds.toFixed(2)} s`;
}

export async function evaluateLayers(layers: readonly AccuracyLayerInput[], plan: AccuracyPlan, o: EvaluateLayersOptions): Promise<LayersAccuracy> {
  const { gemm, reason } = await openGemm(o);
  const out: LayerAccuracyOutput[] = [];
  try {
    for (const [i, l] of layers.entries()) {
      const t0 = performance.now();
      const r = await evaluateOneLayer(l, plan, o, gemm);
      o.progress(accuracyProgressLine(i + 1, layers.length, l, r, (performance.now() - t0) / 1000));
      out.push(r);
    }
  } finally {
    await gemm?.release();
  }
  return { layers: out, engine: gemm?.label ?? REFERENCE_ENGINE, ...(reason !== undefined ? { fallbackReason: reason } : {}) };
}
