// A file cache of synthesis figures for the slow benches: one JSON file of area figures per job,
// keyed by a SHA-256 over the model fingerprint of synthesis (src/sweep/model_fingerprint.ts: the
// library code, templates, Liberty files and coefficients), the Liberty library's name, the flow
// options and the whole spec (sources and parameters). Any change to the library therefore misses
// the cache; nothing is served across library changes. Written atomically after every stored job,
// so an interrupted run keeps what it finished.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomically } from '../../src/io/atomic_output.js';
import { DEFAULT_FLOW, type SynthFlowOptions, type SynthResult, type SynthSpec } from '../../src/synth/flows.js';
import { DEFAULT_LIBERTY_NAME } from '../../src/synth/liberty_cells.js';
import { synthesizeBatchSettled } from '../../src/synth/synthesize.js';
import { modelFingerprint } from '../../src/sweep/model_fingerprint.js';

/** What the area benches keep of a synthesis: cell area (µm²), no wiring. */
export interface SynthFigures {
  /** Cell area of the area-mapped netlist, µm². */
  readonly areaUm2: number;
  /** Part of areaUm2 in flip-flops, µm². */
  readonly sequentialAreaUm2: number;
  /** Library cells after mapping. */
  readonly cells: number;
  /** Gate levels of the longest combinational path. */
  readonly levels: number;
  /** Yosys wall seconds of the run that produced it. */
  readonly seconds: number;
}

export function figuresOf(r: SynthResult): SynthFigures {
  return { areaUm2: r.areaUm2, sequentialAreaUm2: r.sequentialAreaUm2, cells: r.cells.total, levels: r.criticalPath.levels, seconds: r.seconds };
}

const FORMAT = 'nmcore-synth-figures-cache 1';

export class SynthCache {
  private readonly entries: Record<string, SynthFigures>;
  private readonly fingerprint: string;

  /** @param fingerprint default: this process's model fingerprint of synthesis. */
  constructor(private readonly path: string, fingerprint: string = modelFingerprint('synthesis')) {
    this.fingerprint = fingerprint;
    let entries: Record<string, SynthFigures> = {};
    if (existsSync(path)) {
      const doc = JSON.parse(readFileSync(path, 'utf8')) as { format?: string; entries?: Record<string, SynthFigures> };
      if (doc.format === FORMAT && doc.entries !== undefined) entries = doc.entries;
    }
    this.entries = entries;
  }

  key(spec: SynthSpec, libraryName: string, flow: SynthFlowOptions): string {
    return createHash('sha256').update(`${FORMAT}\n${this.fingerprint}\n${libraryName}\n${JSON.stringify(flow)}\n${JSON.stringify(spec)}`).digest('hex');
  }

  get(key: string): SynthFigures | undefined {
    return this.entries[key];
  }

  put(key: string, figures: SynthFigures): void {
    this.entries[key] = figures;
    writeFileAtomically(this.path, `${JSON.stringify({ format: FORMAT, entries: this.entries })}\n`);
  }
}

/**
 * The figures of every spec (shipped library, default flow), from `cache` where it has them, the rest
 * synthesized on a pool of two and stored; in spec order. `label(i)` names job i in the progress lines.
 * @throws the first Yosys failure.
 */
export async function cachedFigures(specs: readonly SynthSpec[], cache: SynthCache | undefined, label: (i: number) => string, log: (line: string) => void): Promise<SynthFigures[]> {
  const keys = specs.map((s) => cache?.key(s, DEFAULT_LIBERTY_NAME, DEFAULT_FLOW));
  const figures: (SynthFigures | undefined)[] = keys.map((k) => (k === undefined ? undefined : cache?.get(k)));
  const todo = specs.map((_, i) => i).filter((i) => figures[i] === undefined);
  if (todo.length < specs.length) log(`${specs.length - todo.length} of ${specs.length} from the cache`);
  const outcomes = await synthesizeBatchSettled(todo.map((i) => specs[i]!), {
    poolSize: 2,
    onProgress: (p) => log(`${p.done}/${p.total} ${label(todo[p.index]!)}: ${p.seconds.toFixed(1)} s`),
  });
  outcomes.forEach((o, j) => {
    const i = todo[j]!;
    if (!o.ok) throw o.error;
    figures[i] = figuresOf(o.result);
    if (keys[i] !== undefined) cache!.put(keys[i]!, figures[i]!);
  });
  return figures.map((f) => f!);
}
