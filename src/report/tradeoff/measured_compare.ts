// Measured perplexity (from the Python evaluation's files) next to the trace proxy: for each
// measured (criterion, mitigation) with two or more patterns, the patterns ranked by perplexity
// and by the proxy's output error, and whether the two rankings agree (Kendall's tau as well).

import type { AccuracyResult } from '../../accuracy/evaluate_layer.js';
import type { MeasuredFile } from './inputs.js';

export interface MeasuredRow {
  readonly pattern: string;
  readonly perplexity: number;
  readonly meanNllNats: number;
  /** The proxy's aggregated relOutputError for the same combination, when the report evaluated it. */
  readonly relOutputError: number | null;
}

export interface MeasuredComparison {
  readonly file: string;
  readonly model: string;
  readonly tinyModel: boolean;
  readonly densePerplexity: number | null;
  readonly groups: readonly {
    readonly criterion: string;
    readonly mitigation: string;
    readonly rows: readonly MeasuredRow[];
    readonly byPerplexity: readonly string[];
    readonly byProxy: readonly string[];
    readonly sameRanking: boolean;
    readonly kendallTau: number;
  }[];
  readonly statement: string;
}

function kendallTau(a: readonly string[], b: readonly string[]): number {
  let concordant = 0, discordant = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const bi = b.indexOf(a[i]!), bj = b.indexOf(a[j]!);
      if (bi < bj) concordant++; else discordant++;
    }
  }
  const pairs = concordant + discordant;
  return pairs > 0 ? (concordant - discordant) / pairs : 1;
}

export function compareMeasured(file: MeasuredFile, aggregated: readonly AccuracyResult[]): MeasuredComparison {
  const dense = file.results.find((r) => r.pattern === 'dense');
  const keys = [...new Set(file.results.filter((r) => r.pattern !== 'dense').map((r) => `${r.criterion}|${r.mitigation}`))];
  const groups = keys.map((key) => {
    const [criterion, mitigation] = key.split('|') as [string, string];
    const rows = file.results.filter((r) => r.pattern !== 'dense' && r.criterion === criterion && r.mitigation === mitigation).map((r) => ({
      pattern: r.pattern, perplexity: r.perplexity, meanNllNats: r.meanNllNats,
      relOutputError: aggregated.find((a) => a.pattern === r.pattern && a.criterion === criterion && a.mitigation === mitigation)?.relOutputError ?? null,
    }));
    const withProxy = rows.filter((r) => r.relOutputError !== null);
    const byPerplexity = [...withProxy].sort((x, y) => x.perplexity - y.perplexity).map((r) => r.pattern);
    const byProxy = [...withProxy].sort((x, y) => x.relOutputError! - y.relOutputError!).map((r) => r.pattern);
    return { criterion, mitigation, rows, byPerplexity, byProxy, sameRanking: byPerplexity.join() === byProxy.join(), kendallTau: kendallTau(byPerplexity, byProxy) };
  }).filter((g) => g.byPerplexity.length >= 2);
  const agree = groups.filter((g) => g.sameRanking).length;
  const tiny = file.model.tinyModel === true;
  const statement = groups.length === 0
    ? `No combination of ${file.path} has two or more patterns that the report also evaluated, so the proxy's ranking cannot be checked.`
    : `The trace proxy (output error) ranks the patterns as measured perplexity does in ${agree} of ${groups.length} measured combination(s) of ${file.model.name}.` +
      (tiny ? ' A tiny model is not an LLM: its perplexity says how the proxy tracks a real loss, not what an LLM would lose.' : '');
  return { file: file.path, model: file.model.name, tinyModel: tiny, densePerplexity: dense?.perplexity ?? null, groups, statement };
}
