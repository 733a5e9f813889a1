// Entry points for synthesis: validate a SynthSpec (bad input → UserError with every problem),
// run the flow of flows.ts on one module (inline or in a pool) or on a batch through a YosysPool
// with a progress callback, and return typed SynthResults in job order.

import { error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import {
  DEFAULT_FLOW,
  FLOW_LIBRARY_DIR,
  FLOW_REPORTS,
  isVerilogSource,
  parseSynthOutput,
  synthJob,
  type SynthFlowOptions,
  type SynthLibrary,
  type SynthResult,
  type SynthSpec,
} from './flows.js';
import { DEFAULT_LIBERTY_NAME, defaultDelayLibertyText, defaultLibertyText } from './liberty_cells.js';
import { YosysPool } from './yosys_pool.js';
import { outputOrThrow, runYosysScript } from './yosys_runner.js';

export interface SynthesizeOptions {
  /** Run in this pool; without one the job runs inline on the calling thread. */
  readonly pool?: YosysPool;
  /** Liberty library; default tech/nangate45/nmcore_nangate45.lib. */
  readonly library?: SynthLibrary;
  /** Flow options; default DEFAULT_FLOW (the `nmcore` ABC script). */
  readonly flow?: SynthFlowOptions;
}

/** Reported once per finished job of a batch, in completion order. */
export interface SynthProgress {
  /** Jobs finished so far, this one included. */
  readonly done: number;
  readonly total: number;
  /** Position of this job in the batch. */
  readonly index: number;
  readonly spec: SynthSpec;
  /** Yosys wall-clock seconds of this job. */
  readonly seconds: number;
  readonly result?: SynthResult;
  readonly error?: Error;
}

export interface SynthBatchOptions {
  /** Pool to use; without one a pool of `poolSize` workers is created and closed for this batch. */
  readonly pool?: YosysPool;
  /** Size of the batch's own pool (default min(2, cores); 0 = inline). Ignored with `pool`. */
  readonly poolSize?: number;
  readonly library?: SynthLibrary;
  /** Flow options for every job; default DEFAULT_FLOW. */
  readonly flow?: SynthFlowOptions;
  readonly onProgress?: (progress: SynthProgress) => void;
}

export type SynthOutcome = { readonly ok: true; readonly result: SynthResult } | { readonly ok: false; readonly error: Error };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const PATH_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MAX_PARAM = 2 ** 31 - 1;

/** Every problem of a spec, as diagnostics; `where` prefixes field paths (e.g. `jobs[3].`). */
export function validateSynthSpec(spec: SynthSpec, where = ''): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reserved = new Set<string>([FLOW_LIBRARY_DIR, ...Object.values(FLOW_REPORTS)]);
  const paths = Object.keys(spec.files ?? {});
  for (const path of paths) {
    const segments = path.split('/');
    if (!segments.every((s) => PATH_SEGMENT.test(s))) {
      out.push(error('synth_bad_file_name', `file name ${JSON.stringify(path)} must be a relative path of letters, digits, '_', '.', '-' and '/', with no segment starting with '.' or '-'`, { field: `${where}files` }));
    } else if (reserved.has(segments[0]!)) {
      out.push(error('synth_bad_file_name', `file name ${JSON.stringify(path)} is reserved for the synthesis flow's own files`, { field: `${where}files` }));
    }
  }
  if (!paths.some(isVerilogSource)) {
    out.push(error('synth_no_sources', 'files must contain at least one Verilog source (.v or .sv)', { field: `${where}files` }));
  }
  if (typeof spec.top !== 'string' || !IDENTIFIER.test(spec.top)) {
    out.push(error('synth_bad_top', `top must be a Verilog identifier, not ${JSON.stringify(spec.top)}`, { field: `${where}top` }));
  }
  for (const [name, value] of Object.entries(spec.params ?? {})) {
    if (!IDENTIFIER.test(name)) {
      out.push(error('synth_bad_param_name', `parameter name ${JSON.stringify(name)} must be a Verilog identifier`, { field: `${where}params` }));
    }
    if (!Number.isInteger(value) || value < 0 || value > MAX_PARAM) {
      out.push(error('synth_bad_param_value', `parameter ${name} must be an integer from 0 to ${MAX_PARAM}, not ${String(value)}`, { field: `${where}params.${name}` }));
    }
  }
  return out;
}

function defaultLibrary(): SynthLibrary {
  return { name: DEFAULT_LIBERTY_NAME, text: defaultLibertyText(), delayText: defaultDelayLibertyText() };
}

function describe(spec: SynthSpec): string {
  const params = Object.entries(spec.params ?? {}).map(([k, v]) => `${k}=${v}`);
  return params.length > 0 ? `${spec.top} ${params.join(' ')}` : spec.top;
}

/**
 * Synthesizes one module and reports cells, transistors, area (µm²) and logic depth.
 * @throws UserError for an invalid spec; YosysError (with the Yosys log) when Yosys fails, e.g. on a
 *   Verilog syntax error.
 */
export async function synthesizeModule(spec: SynthSpec, options: SynthesizeOptions = {}): Promise<SynthResult> {
  const diagnostics = validateSynthSpec(spec);
  if (diagnostics.length > 0) throw new UserError(diagnostics);
  const library = options.library ?? defaultLibrary();
  const flow = options.flow ?? DEFAULT_FLOW;
  const job = synthJob(spec, library, flow);
  const output = options.pool !== undefined ? await options.pool.run(job, describe(spec)) : await runYosysScript(job, describe(spec));
  return parseSynthOutput(spec, library, output, flow);
}

/**
 * Synthesizes every spec (in parallel on the pool's workers) and returns one outcome per spec, in
 * spec order; a failing job does not stop the others.
 * @throws UserError when any spec is invalid (nothing is run then).
 */
export async function synthesizeBatchSettled(specs: readonly SynthSpec[], options: SynthBatchOptions = {}): Promise<SynthOutcome[]> {
  const diagnostics = specs.flatMap((spec, i) => validateSynthSpec(spec, `jobs[${i}].`));
  if (diagnostics.length > 0) throw new UserError(diagnostics);
  const library = options.library ?? defaultLibrary();
  const flow = options.flow ?? DEFAULT_FLOW;
  const pool = options.pool ?? new YosysPool(options.poolSize !== undefined ? { size: options.poolSize } : {});
  let done = 0;
  try {
    return await Promise.all(
      specs.map(async (spec, index): Promise<SynthOutcome> => {
        let outcome: SynthOutcome;
        let seconds = 0;
        try {
          const raw = await pool.runRaw(synthJob(spec, library, flow));
          seconds = raw.seconds;
          const output = outputOrThrow(raw, describe(spec));
          outcome = { ok: true, result: parseSynthOutput(spec, library, output, flow) };
        } catch (e) {
          outcome = { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
        }
        done++;
        options.onProgress?.({
          done,
          total: specs.length,
          index,
          spec,
          seconds,
          ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
        });
        return outcome;
      }),
    );
  } finally {
    if (options.pool === undefined) await pool.close();
  }
}

/**
 * Like synthesizeBatchSettled, but returns the results themselves, in spec order.
 * @throws the error of the first failed spec (in spec order) once every job has finished.
 */
export async function synthesizeBatch(specs: readonly SynthSpec[], options: SynthBatchOptions = {}): Promise<SynthResult[]> {
  const outcomes = await synthesizeBatchSettled(specs, options);
  return outcomes.map((o) => {
    if (!o.ok) throw o.error;
    return o.result;
  });
}
