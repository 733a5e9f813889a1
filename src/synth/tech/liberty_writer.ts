// Writes the Liberty text of nmcore's library from the cell table (nangate45_cells.ts): areas,
// leakage, pin capacitances and, per arc, NLDM tables evaluated from the linear fit d0 + k·C at a
// few loads, slew-independent (the same row at both transition indices, output transition fixed at
// the characterization slew). Multi-output cells (FA, HA) are left out: ABC maps single-output
// cells only. Also the named library variants (which area / delay cell sets a flow maps with).
// Pure; bench/write_liberty.ts writes the files, a test checks the shipped files equal them.

import { DEFAULT_LIBERTY_NAME, DELAY_LIBERTY_NAME } from '../liberty_cells.js';
import { CHARACTERIZATION_SLEW_NS, NANGATE45_CELLS, type CellData } from './nangate45_cells.js';

/** Output loads of every delay table, fF (the span the fit was made over). */
export const TABLE_LOADS_FF: readonly number[] = [0.37, 1.9, 3.8, 7.6, 15.1];
const TRANSITIONS_NS = [CHARACTERIZATION_SLEW_NS, 0.2];

const fmt = (x: number): string => Number(x.toFixed(6)).toString();
const row = (values: readonly number[]): string => `"${values.map(fmt).join(', ')}"`;

function table(kind: string, values: readonly number[]): string[] {
  return [`        ${kind} (delay_template) {`, `          values (${TRANSITIONS_NS.map(() => row(values)).join(', \\\n                  ')});`, '        }'];
}

function cellText(c: CellData): string[] {
  const out: string[] = [];
  out.push(`  /* ${c.name}: area ${c.areaUm2} um^2, leakage ${c.leakageNw} nW, internal energy ${c.internalEnergyFj} fJ per output transition${c.note !== undefined ? `; ${c.note}` : ''} */`);
  out.push(`  cell (${c.name}) {`, `    area : ${c.areaUm2};`, `    cell_leakage_power : ${c.leakageNw};`);
  if (c.sequential !== undefined) out.push(`    ff (IQ, IQN) { clocked_on : "${c.sequential.clock}"; next_state : "${c.sequential.data}"; }`);
  for (const [pin, capFf] of Object.entries(c.inputsFf)) {
    const clock = c.sequential?.clock === pin ? ' clock : true;' : '';
    if (c.sequential?.data === pin) {
      out.push(`    pin (${pin}) {`, `      direction : input; capacitance : ${capFf};`, '      timing () {',
        `        related_pin : "${c.sequential.clock}"; timing_type : setup_rising;`,
        `        rise_constraint (scalar) { values ("${fmt(c.sequential.setupPs / 1000)}"); }`,
        `        fall_constraint (scalar) { values ("${fmt(c.sequential.setupPs / 1000)}"); }`, '      }', '    }');
    } else {
      out.push(`    pin (${pin}) { direction : input; capacitance : ${capFf};${clock} }`);
    }
  }
  for (const [pin, fn] of Object.entries(c.outputs)) {
    out.push(`    pin (${pin}) {`, `      direction : output; function : "${fn}"; max_capacitance : 60;`);
    for (const a of c.arcs.filter((x) => x.to === pin)) {
      const delays = TABLE_LOADS_FF.map((ff) => (a.d0Ps + a.kPsPerFf * ff) / 1000);
      const slews = TABLE_LOADS_FF.map(() => CHARACTERIZATION_SLEW_NS);
      const sense = c.sequential !== undefined ? 'timing_type : rising_edge;' : `timing_sense : ${senseOf(c, a.from)};`;
      out.push('      timing () {', `        related_pin : "${a.from}"; ${sense}`,
        ...table('cell_rise', delays), ...table('cell_fall', delays), ...table('rise_transition', slews), ...table('fall_transition', slews), '      }');
    }
    out.push('    }');
  }
  out.push('  }', '');
  return out;
}

/** Unateness of an arc from the cell's function: inverting cells are negative, XOR/MUX select non-unate. */
function senseOf(c: CellData, from: string): string {
  if (/^X(N)?OR2/.test(c.name) || (c.name.startsWith('MUX2') && from === 'S')) return 'non_unate';
  return /^(INV|NAND|NOR|AOI|OAI|XNOR)/.test(c.name) ? 'negative_unate' : 'positive_unate';
}

/**
 * Which cells a written library holds: `area` for the 12-cell area mapping (variant area12), `delay` for the
 * delay mapping (adds NAND3, NOR3, AOI22, OAI22), `area_all_cells` the area mapping with every
 * single-output cell (the candidates of issue 15 included, 28 cells: the area library of the
 * shipped `area28` variant), `all` the same cells as a measurement library (bench/area_cell_set.ts,
 * `fit_area_model.ts --library all`). The delay mapping never holds a candidate: static timing
 * and the energy model stay on its 16 cells.
 */
export type LibraryUse = 'area' | 'delay' | 'area_all_cells' | 'all';

function holds(use: LibraryUse, c: CellData): boolean {
  if (c.multiOutput === true) return false;
  if (use === 'all' || use === 'area_all_cells') return true;
  return c.candidate !== true && (use === 'delay' || c.delayMappingOnly !== true);
}

/** One named pair of libraries: the cells of the area mapping and of the delay mapping. */
export interface LibraryVariant {
  readonly area: LibraryUse;
  readonly delay: LibraryUse;
  readonly description: string;
}

/**
 * The library variants: `area28` is what ships (tech/nangate45/*.lib, the area model's calibration
 * since issue 15): the area mapping with all 28 single-output cells, the delay library at its 16;
 * `area12`, the 12-cell area mapping shipped before, is written only into a given folder.
 */
export const LIBRARY_VARIANTS = {
  area12: { area: 'area', delay: 'delay', description: 'area mapping 12 cells, delay mapping 16 (shipped before issue 15)' },
  area28: { area: 'area_all_cells', delay: 'delay', description: 'area mapping all 28 single-output cells, delay mapping 16 (shipped)' },
} as const satisfies Readonly<Record<string, LibraryVariant>>;

export type LibraryVariantName = keyof typeof LIBRARY_VARIANTS;

/** The variant the shipped files are written from (bench/write_liberty.ts; adopting area28 changes this one name). */
export const SHIPPED_LIBRARY_VARIANT: LibraryVariantName = 'area28';

/** Whether a string names a library variant. */
export function isLibraryVariant(name: string): name is LibraryVariantName {
  return Object.hasOwn(LIBRARY_VARIANTS, name);
}

/** The Liberty texts of a variant's two libraries, under the shipped library names. */
export function libraryVariantTexts(variant: LibraryVariantName): { readonly area: string; readonly delay: string } {
  const v: LibraryVariant = LIBRARY_VARIANTS[variant];
  return { area: libertyText(DEFAULT_LIBERTY_NAME, v.area), delay: libertyText(DELAY_LIBERTY_NAME, v.delay) };
}

/** The Liberty text of the library. */
export function libertyText(libraryName: string, use: LibraryUse = 'area'): string {
  return [
    '/*',
    ` * ${libraryName}: nmcore's Liberty library, WRITTEN BY bench/write_liberty.ts from`,
    ' * src/synth/tech/nangate45_cells.ts (edit that table, then rerun `npm run write:liberty`).',
    ' * It is not the NanGate 45 nm Open Cell Library and contains none of its files: cell names, pins,',
    ' * functions and X1 areas as in tech/nangate45/README.md; delays, capacitances, leakage and internal',
    ' * energy are figures derived from the NanGate FreePDK45 typical-corner tables (1.10 V, 25 C), see',
    ' * the README for the source. Delay model: per arc a line d0 + k*C_load, tabulated at five loads,',
    ' * independent of input slew. Wire load: none (nmcore assumes zero wire capacitance).',
    use === 'area'
      ? ' * Cells of the AREA mapping (the area model is calibrated on them); the delay mapping uses nmcore_nangate45_delay.lib.'
      : use === 'delay'
        ? ' * Cells of the DELAY mapping: the area-mapping cells plus NAND3, NOR3, AOI22 and OAI22.'
        : use === 'area_all_cells'
          ? ' * Cells of the AREA mapping with every single-output cell of the table (variant area28; the delay mapping keeps its 16).'
          : ' * EVERY single-output cell of the table, the candidate cells included: for measurements only.',
    ' */',
    `library (${libraryName}) {`,
    '  comment : "NanGate45 X1-like cells with linear-fit delays; see tech/nangate45/README.md";',
    '  delay_model : table_lookup;',
    '  time_unit : "1ns";',
    '  voltage_unit : "1V";',
    '  current_unit : "1mA";',
    '  capacitive_load_unit (1, ff);',
    '  leakage_power_unit : "1nW";',
    '  nom_voltage : 1.1;',
    '  nom_temperature : 25;',
    '  nom_process : 1;',
    '  default_wire_load_mode : top;',
    '  input_threshold_pct_rise : 50; input_threshold_pct_fall : 50;',
    '  output_threshold_pct_rise : 50; output_threshold_pct_fall : 50;',
    '  slew_lower_threshold_pct_rise : 30; slew_upper_threshold_pct_rise : 70;',
    '  slew_lower_threshold_pct_fall : 30; slew_upper_threshold_pct_fall : 70;',
    '  lu_table_template (delay_template) {',
    '    variable_1 : input_net_transition;',
    '    variable_2 : total_output_net_capacitance;',
    `    index_1 (${row(TRANSITIONS_NS)});`,
    `    index_2 (${row(TABLE_LOADS_FF)});`,
    '  }',
    '',
    ...NANGATE45_CELLS.filter((c) => holds(use, c)).flatMap(cellText),
    '}',
    '',
  ].join('\n');
}
