// The Yosys synthesis flow nmcore runs on one module, and the parsing of its reports into a
// typed SynthResult: generic cells after `synth`, a library-free transistor count (`stat -tech
// cmos`), cells and area in µm² against a Liberty library, and the logic depth of the mapped
// netlist in gate levels. Pure functions: building the job and reading its output; running it
// is yosys_runner.ts / yosys_pool.ts.

import { parseLibertyCells } from './liberty_cells.js';
import { readNetlist } from './netlist.js';
import { analyzeTiming, registerOverheadNs, type StaResult } from './sta.js';
import type { YosysJob, YosysOutput, YosysTree } from './yosys_runner.js';

/** What to synthesize: Verilog sources, the top module and its parameter overrides. */
export interface SynthSpec {
  /** File path (relative, `/`-separated) → contents. `.v` and `.sv` files are read, others (includes) only provided. */
  readonly files: Readonly<Record<string, string>>;
  /** Top module name. */
  readonly top: string;
  /** Parameter overrides of the top module (`chparam -set`), non-negative integers. */
  readonly params?: Readonly<Record<string, number>>;
}

/** The Liberty library a flow maps to. */
export interface SynthLibrary {
  /** Short name reported with the results, e.g. `nmcore_nangate45`. */
  readonly name: string;
  /** Liberty text. */
  readonly text: string;
  /** Liberty text of the delay mapping (flow option `timing`); default: `text`. */
  readonly delayText?: string;
}

/**
 * ABC script of the library mapping (measured on the RTL templates, Yosys 0.55 WASM):
 * - `nmcore` (default): Yosys's default liberty script without its `&fraig -x` SAT sweep and the
 *   `scorr`/`dret` steps (no-ops here: flip-flops stay outside ABC). Area 0.94–1.002× that of
 *   `yosys` on ten template configurations; an 8-lane 8-bit nm_pe maps in ≈5 s instead of ≈34 s.
 * - `yosys`: Yosys's default script. `&fraig -x` is superlinear on multiplier-rich logic (minutes
 *   for wide PEs).
 * - `fast`: `abc -fast`; no logic restructuring, so 1.7–2× the area on comparator and
 *   decoder logic (nm_topn_rank, nm_meta_decode_bitmask). Not for calibration.
 */
export type AbcScript = 'nmcore' | 'yosys' | 'fast';

/** How the flow runs; use the same options for every point of a calibration sweep. */
export interface SynthFlowOptions {
  readonly abcScript: AbcScript;
  /**
   * Also map the design a second time with a delay-oriented ABC script (DELAY_ABC_SCRIPT) and time
   * that netlist in ns (sta.ts). Area and gate levels stay those of the `abcScript` mapping.
   */
  readonly timing?: boolean;
}

/**
 * ABC commands of the delay mapping (`{D}` is Yosys's `-D` target): structural choices, then
 * delay-oriented mapping against the library's delays. The area script's `&nf` after `dc2` turns
 * adders into ripple-like chains, so timing is read only on this mapping. No `buffer`/`upsize`
 * (measured, Yosys 0.55 WASM: `buffer` makes ABC fail on nm_compressor WINDOW=16 M=8 N=4 A=8, and
 * with X1 cells only there is nothing to size): high fan-out nets keep their full k·C delay.
 */
export const DELAY_ABC_SCRIPT = '+strash;dch;map,{D}';
/** Delay target of the delay mapping, ps: below any achievable path, so ABC minimizes delay. */
export const DELAY_TARGET_PS = 100;

/** The flow nmcore uses unless told otherwise. */
export const DEFAULT_FLOW: SynthFlowOptions = { abcScript: 'nmcore' };

/** ABC commands of the `nmcore` script (`abc -script +…`: commas stand for spaces). */
const NMCORE_ABC_SCRIPT = '+strash;dc2;&get,-n;&dch,-f;&nf;&put';

function abcCommand(script: AbcScript, lib: string): string {
  switch (script) {
    case 'nmcore':
      return `abc -script ${NMCORE_ABC_SCRIPT} -liberty ${lib}`;
    case 'yosys':
      return `abc -liberty ${lib}`;
    case 'fast':
      return `abc -fast -liberty ${lib}`;
  }
}

export interface CellCounts {
  readonly total: number;
  /** Cell type → count, e.g. `$_MUX_` (generic) or `NAND2_X1` (mapped). */
  readonly byType: Readonly<Record<string, number>>;
}

export interface CriticalPath {
  /**
   * Cells on the longest combinational path of the mapped netlist (Yosys `ltp -noff`): from a
   * primary input or flip-flop output to a primary output or flip-flop input. Unweighted gate levels.
   */
  readonly levels: number;
  /** Path delay of the delay mapping in ns, register overhead included (flow option `timing`); absent otherwise. */
  readonly delayNs?: number;
  /** First net of the path as Yosys names it (e.g. `\sel [1]`), when a path exists. */
  readonly startpoint?: string;
  /** Last net of the path (an output port, or a flip-flop's D input as `ff: \acc [19]`). */
  readonly endpoint?: string;
}

/** Timing of the delay-oriented mapping (flow option `timing`). */
export interface SynthTiming {
  /** Cell area of the delay-mapped netlist, µm² (larger than `areaUm2`, which is the area mapping's). */
  readonly areaUm2: number;
  /** Worst path per endpoint group (each register, and the module outputs), logic only, ns. */
  readonly sta: StaResult;
  /** Clock-to-Q + setup of DFF_X1, ns (registerOverheadNs()). */
  readonly registerOverheadNs: number;
  /** sta.logicNs + registerOverheadNs: the block's worst path as a register-to-register stage, ns. */
  readonly criticalPathNs: number;
}

export interface SynthResult {
  readonly top: string;
  readonly params: Readonly<Record<string, number>>;
  /** Liberty library the area refers to. */
  readonly library: string;
  /** ABC script of the library mapping. */
  readonly abcScript: AbcScript;
  /** Yosys internal gates after `synth -flatten` (before flip-flop legalization). */
  readonly genericCells: CellCounts;
  /** Library cells after `abc -liberty` (script per SynthFlowOptions) and `dfflibmap`. */
  readonly cells: CellCounts;
  /** `stat -tech cmos` estimate after legalizing flip-flops to `$_DFF_P_`; `lowerBound` when Yosys printed a trailing `+`. */
  readonly transistors: { readonly count: number; readonly lowerBound: boolean };
  /** Total cell area of the mapped netlist in µm² (no wiring, no utilization factor). */
  readonly areaUm2: number;
  /** Part of `areaUm2` in sequential cells (flip-flops), µm². */
  readonly sequentialAreaUm2: number;
  readonly criticalPath: CriticalPath;
  /** Delay mapping and its static timing, when the flow ran with `timing`. */
  readonly timing?: SynthTiming;
  /** Yosys warnings, each with its continuation lines joined. */
  readonly warnings: readonly string[];
  /** Wall-clock seconds of the Yosys run (a worker's first run includes its ≈2 s WASM compile). */
  readonly seconds: number;
}

/** Directory of the Yosys virtual file system that holds the library (user files may not use it). */
export const FLOW_LIBRARY_DIR = 'nmcore_lib';
/** Report files the flow writes at the root of the virtual file system (user files may not use these names). */
export const FLOW_REPORTS = {
  generic: 'nmcore_generic.json',
  cmos: 'nmcore_cmos.json',
  depth: 'nmcore_ltp.txt',
  mappedJson: 'nmcore_mapped.json',
  mappedText: 'nmcore_mapped.txt',
  timingJson: 'nmcore_timing_stat.json',
  timingNetlist: 'nmcore_timing_netlist.json',
} as const;

/** Yosys design name under which the flow keeps the legalized, unmapped design for the delay mapping. */
const LEGAL_DESIGN = 'nmcore_legal';

/** True for the sources the flow reads (others, such as includes, are only provided). */
export function isVerilogSource(path: string): boolean {
  return /\.s?v$/i.test(path);
}

/** The Yosys script of the flow; `libraryPath` is where the Liberty file lies in the job's tree. */
export function synthScript(spec: SynthSpec, libraryPath: string, flow: SynthFlowOptions = DEFAULT_FLOW, delayLibraryPath: string = libraryPath): string {
  const sources = Object.keys(spec.files).filter(isVerilogSource);
  const params = Object.entries(spec.params ?? {});
  const lib = libraryPath;
  return [
    `read_verilog -sv ${sources.join(' ')}`,
    ...(params.length > 0 ? [`chparam ${params.map(([k, v]) => `-set ${k} ${v}`).join(' ')} ${spec.top}`] : []),
    `synth -flatten -top ${spec.top}`,
    `tee -q -o ${FLOW_REPORTS.generic} stat -json`,
    // Flip-flops with enables/resets become $_DFF_P_ plus logic: every flop then has a CMOS cost
    // (no trailing "+"), maps 1:1 onto the library DFF, and stays a builtin FF for `ltp -noff`.
    'dfflegalize -cell $_DFF_P_ 01',
    'opt_clean',
    `tee -q -o ${FLOW_REPORTS.cmos} stat -json -tech cmos`,
    ...(flow.timing === true ? [`design -save ${LEGAL_DESIGN}`] : []),
    abcCommand(flow.abcScript, lib),
    'opt_clean',
    // Blackbox modules for the library cells give `ltp` their port directions.
    `read_liberty -lib ${lib}`,
    `tee -q -o ${FLOW_REPORTS.depth} ltp -noff`,
    `dfflibmap -liberty ${lib}`,
    'opt_clean',
    `tee -q -o ${FLOW_REPORTS.mappedJson} stat -json -liberty ${lib}`,
    `tee -q -o ${FLOW_REPORTS.mappedText} stat -liberty ${lib}`,
    ...(flow.timing === true ? [
      `design -load ${LEGAL_DESIGN}`,
      `abc -D ${DELAY_TARGET_PS} -script ${DELAY_ABC_SCRIPT} -liberty ${delayLibraryPath}`,
      'opt_clean',
      `dfflibmap -liberty ${delayLibraryPath}`,
      'opt_clean',
      `tee -q -o ${FLOW_REPORTS.timingJson} stat -json -liberty ${delayLibraryPath}`,
      `write_json ${FLOW_REPORTS.timingNetlist}`,
    ] : []),
  ].join('\n');
}

/** Inserts `content` at `path` (`/`-separated) into `tree`. */
function putFile(tree: YosysTree, path: string, content: string): void {
  const parts = path.split('/');
  let dir = tree;
  for (const part of parts.slice(0, -1)) {
    const next = dir[part];
    if (next === undefined) dir = dir[part] = {};
    else if (typeof next === 'object' && !(next instanceof Uint8Array)) dir = next;
    else throw new Error(`file tree: ${part} is both a file and a directory`);
  }
  dir[parts[parts.length - 1]!] = content;
}

/** The Yosys job of the flow for one spec (the spec must have passed validateSynthSpec). */
export function synthJob(spec: SynthSpec, library: SynthLibrary, flow: SynthFlowOptions = DEFAULT_FLOW): YosysJob {
  const files: YosysTree = {};
  for (const [path, content] of Object.entries(spec.files)) putFile(files, path, content);
  const libraryPath = `${FLOW_LIBRARY_DIR}/${library.name}.lib`;
  putFile(files, libraryPath, library.text);
  let delayPath = libraryPath;
  if (library.delayText !== undefined) {
    delayPath = `${FLOW_LIBRARY_DIR}/${library.name}_delay.lib`;
    putFile(files, delayPath, library.delayText);
  }
  return { script: synthScript(spec, libraryPath, flow, delayPath), files, collect: Object.values(FLOW_REPORTS) };
}

interface StatModule {
  num_cells?: number;
  num_cells_by_type?: Record<string, number>;
  area?: number;
  estimated_num_transistors?: string | number;
}

function reportText(output: YosysOutput, name: string): string {
  const text = output.files[name];
  if (typeof text !== 'string') {
    throw new Error(`yosys wrote no ${name} report\n--- yosys log ---\n${output.log.trimEnd()}`);
  }
  return text;
}

/** The top module's entry of a `stat -json` report (the `design` totals if the module key is missing). */
function statModule(output: YosysOutput, name: string, top: string): StatModule {
  const json = JSON.parse(reportText(output, name)) as { modules?: Record<string, StatModule>; design?: StatModule };
  const module = json.modules?.[`\\${top}`] ?? json.design;
  if (module === undefined) throw new Error(`yosys ${name} report has no module \\${top}`);
  return module;
}

function cellCounts(module: StatModule): CellCounts {
  const byType = { ...(module.num_cells_by_type ?? {}) };
  const total = module.num_cells ?? Object.values(byType).reduce((a, b) => a + b, 0);
  return { total, byType };
}

/** Parses Yosys's transistor estimate, a string such as "3574" or "3574+" ("+": some cells had no cost). */
export function parseTransistorCount(value: string | number | undefined): { count: number; lowerBound: boolean } {
  if (value === undefined) return { count: 0, lowerBound: true };
  const m = /^\s*(\d+)(\+?)\s*$/.exec(String(value));
  if (m === null) throw new Error(`unexpected transistor estimate from yosys: ${JSON.stringify(value)}`);
  return { count: Number(m[1]), lowerBound: m[2] === '+' };
}

/** Parses the report of `ltp -noff`: path length and its end nets. */
export function parseLongestPath(text: string): CriticalPath {
  const length = /Longest topological path in \S+ \(length=(\d+)\)/.exec(text);
  if (length === null || length[1] === '0') return { levels: 0 };
  const steps = [...text.matchAll(/^\s*(\d+|ff):\s+(.+?)(?:\s+\(via [^)]*\))?\s*$/gm)];
  const first = steps[0];
  const last = steps[steps.length - 1];
  const name = (m: RegExpMatchArray): string => (m[1] === 'ff' ? `ff: ${m[2]}` : m[2]!);
  return {
    levels: Number(length[1]),
    ...(first !== undefined ? { startpoint: name(first) } : {}),
    ...(last !== undefined && last !== first ? { endpoint: name(last) } : {}),
  };
}

/** Yosys warnings of a log: each `Warning:` line with its indented continuation lines. */
export function parseWarnings(log: string): string[] {
  const warnings: string[] = [];
  let open = false; // the previous line belongs to a warning
  for (const line of log.split('\n')) {
    if (/^\s*Warning:/.test(line)) {
      warnings.push(line.trim());
      open = true;
    } else if (open && /^\s+\S/.test(line)) {
      warnings[warnings.length - 1] += ` ${line.trim()}`;
    } else {
      open = false;
    }
  }
  return warnings;
}

/** Reads the flow's reports into a SynthResult. */
export function parseSynthOutput(
  spec: SynthSpec,
  library: SynthLibrary,
  output: YosysOutput,
  flow: SynthFlowOptions = DEFAULT_FLOW,
): SynthResult {
  const generic = statModule(output, FLOW_REPORTS.generic, spec.top);
  const cmos = statModule(output, FLOW_REPORTS.cmos, spec.top);
  const mapped = statModule(output, FLOW_REPORTS.mappedJson, spec.top);
  const mappedText = reportText(output, FLOW_REPORTS.mappedText);
  const cells = cellCounts(mapped);

  // Area: `stat -json` (Yosys >= 0.5x), else the text report (older Yosys omits it from JSON),
  // else (no cells at all: Yosys prints no area line) the sum over the library's cell areas.
  const libraryArea = (sequentialOnly: boolean): number =>
    parseLibertyCells(library.text)
      .filter((c) => !sequentialOnly || c.sequential)
      .reduce((sum, c) => sum + c.areaUm2 * (cells.byType[c.name] ?? 0), 0);
  const areaText = /Chip area for module '[^']*':\s*([0-9.eE+-]+)/.exec(mappedText);
  const areaUm2 = typeof mapped.area === 'number' ? mapped.area : areaText !== null ? Number(areaText[1]) : libraryArea(false);
  const seqText = /of which used for sequential elements:\s*([0-9.eE+-]+)/.exec(mappedText);
  const sequentialAreaUm2 = seqText !== null ? Number(seqText[1]) : libraryArea(true);

  const timing = flow.timing === true ? parseTiming(output, spec.top) : undefined;
  const path = parseLongestPath(reportText(output, FLOW_REPORTS.depth));
  return {
    top: spec.top,
    params: { ...(spec.params ?? {}) },
    library: library.name,
    abcScript: flow.abcScript,
    genericCells: cellCounts(generic),
    cells,
    transistors: parseTransistorCount(cmos.estimated_num_transistors),
    areaUm2,
    sequentialAreaUm2,
    criticalPath: timing !== undefined ? { ...path, delayNs: timing.criticalPathNs } : path,
    ...(timing !== undefined ? { timing } : {}),
    warnings: parseWarnings(output.log),
    seconds: output.seconds,
  };
}

/** Times the delay-mapped netlist of the flow's `timing` step. */
function parseTiming(output: YosysOutput, top: string): SynthTiming {
  const stat = statModule(output, FLOW_REPORTS.timingJson, top);
  const sta = analyzeTiming(readNetlist(reportText(output, FLOW_REPORTS.timingNetlist), top));
  const overhead = registerOverheadNs();
  return { areaUm2: stat.area ?? 0, sta, registerOverheadNs: overhead, criticalPathNs: Number((sta.logicNs + overhead).toFixed(4)) };
}
