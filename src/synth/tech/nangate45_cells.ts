// The cell data of nmcore's NanGate45-based library, one record per cell: function, area (µm²),
// leakage (nW), input pin capacitances (fF), a linear delay fit d0 + k·C per timing arc (ps, C in
// fF of output load) and internal energy per output transition (fJ). The single source of these
// numbers: bench/write_liberty.ts writes tech/nangate45/nmcore_nangate45.lib from it, and the
// static timing (sta.ts) and toggle-energy (toggle_energy.ts) passes read it directly.
// Source of the figures (timing, capacitance, leakage, energy): the NanGate FreePDK45 Open Cell
// Library, typical corner (1.10 V, 25 °C, NLDM tables), public copy
// test/Nangate45/Nangate45_typ_no_max_cap.lib of The-OpenROAD-Project/OpenROAD; each arc's
// cell_rise/cell_fall at input transition 0.0172 ns fitted over loads 0.37–15.1 fF with a line,
// worse of rise and fall and of the conditional arcs (all twelve candidate cells too, note LIB).
// Areas: tech/nangate45/README.md.

/** One timing arc: delay = d0Ps + kPsPerFf · C_load. */
export interface CellArc {
  readonly from: string;
  readonly to: string;
  readonly d0Ps: number;
  readonly kPsPerFf: number;
}

export interface CellData {
  readonly name: string;
  readonly areaUm2: number;
  readonly leakageNw: number;
  /** Input pin → capacitance, fF (in pin order). */
  readonly inputsFf: Readonly<Record<string, number>>;
  /** Output pin → Liberty function (for a flip-flop: the `ff` state variable). */
  readonly outputs: Readonly<Record<string, string>>;
  readonly arcs: readonly CellArc[];
  /** Internal energy per output transition, fJ (largest internal_power entry at 0.0172 ns, 1.9 fF). */
  readonly internalEnergyFj: number;
  readonly sequential?: { readonly clock: string; readonly data: string; readonly setupPs: number };
  /** Kept out of the files given to ABC (it maps single-output combinational cells only). */
  readonly multiOutput?: boolean;
  /** Only in the delay-mapping library, not in the area-mapping one (see tech/nangate45/README.md). */
  readonly delayMappingOnly?: boolean;
  /**
   * A candidate for a richer area mapping (issue 15): in neither shipped library yet, only in the
   * `all` library that bench/area_cell_set.ts measures with and in the area library of the `area28`
   * variant (liberty_writer.ts; adopting it needs a full refit, tech/nangate45/README.md "To adopt").
   */
  readonly candidate?: boolean;
  /** Why the cell is in the library (for the comments of the written file). */
  readonly note?: string;
}

/** Supply voltage of the characterization corner, V. */
export const SUPPLY_V = 1.1;
/** Energy of charging one fF of load at SUPPLY_V and discharging it, per transition: ½·C·V², fJ per fF. */
export const SWITCH_FJ_PER_FF = 0.5 * SUPPLY_V * SUPPLY_V;
/** Input transition the delays were read at, ns (every arc is taken at this slew: no slew propagation). */
export const CHARACTERIZATION_SLEW_NS = 0.0172;
/** DFF_X1 setup time to CK rising taken by nmcore, ps: the low end of the 50–100 ps the tables give at slow transitions. */
export const DFF_SETUP_PS = 50;
/**
 * Wire-load assumption: none. A net's load is the sum of the input capacitances of the pins it
 * drives; a module output drives one DFF_X1 D pin (the register or logic of the next block).
 */
export const OUTPUT_PORT_LOAD_FF = 1.14;

/** Note of the candidate cells whose figures are read from the tables (tech/nangate45/README.md, "Candidate cells"). */
const LIB = 'candidate (issue 15); delays, capacitances, leakage and energy derived from the typical-corner tables';

const arc = (from: string, to: string, d0Ps: number, kPsPerFf: number): CellArc => ({ from, to, d0Ps, kPsPerFf });

export const NANGATE45_CELLS: readonly CellData[] = [
  { name: 'INV_X1', areaUm2: 0.532, leakageNw: 14.4, inputsFf: { A: 1.70 }, outputs: { ZN: '!A' }, arcs: [arc('A', 'ZN', 12.0, 2.49)], internalEnergyFj: 1.92571 },
  { name: 'BUF_X1', areaUm2: 0.798, leakageNw: 21.4, inputsFf: { A: 0.97 }, outputs: { Z: 'A' }, arcs: [arc('A', 'Z', 28.7, 2.45)], internalEnergyFj: 2.75826,
    note: 'ABC\'s liberty mapping needs a buffer cell (without one `abc -liberty` fails with "Can\'t open ABC output file")' },
  { name: 'NAND2_X1', areaUm2: 0.798, leakageNw: 17.4, inputsFf: { A1: 1.60, A2: 1.66 }, outputs: { ZN: '!(A1 & A2)' },
    arcs: [arc('A1', 'ZN', 14.0, 2.46), arc('A2', 'ZN', 16.7, 2.42)], internalEnergyFj: 2.88108 },
  { name: 'NOR2_X1', areaUm2: 0.798, leakageNw: 21.2, inputsFf: { A1: 1.71, A2: 1.65 }, outputs: { ZN: '!(A1 | A2)' },
    arcs: [arc('A1', 'ZN', 18.4, 5.02), arc('A2', 'ZN', 22.8, 5.12)], internalEnergyFj: 3.00693 },
  { name: 'AND2_X1', areaUm2: 1.064, leakageNw: 25.1, inputsFf: { A1: 0.92, A2: 0.97 }, outputs: { ZN: '(A1 & A2)' },
    arcs: [arc('A1', 'ZN', 30.1, 2.55), arc('A2', 'ZN', 32.5, 2.56)], internalEnergyFj: 3.22725 },
  { name: 'OR2_X1', areaUm2: 1.064, leakageNw: 22.7, inputsFf: { A1: 0.95, A2: 0.94 }, outputs: { ZN: '(A1 | A2)' },
    arcs: [arc('A1', 'ZN', 45.0, 2.45), arc('A2', 'ZN', 49.9, 2.46)], internalEnergyFj: 3.11645 },
  { name: 'AOI21_X1', areaUm2: 1.064, leakageNw: 27.9, inputsFf: { A: 1.63, B1: 1.65, B2: 1.68 }, outputs: { ZN: '!(A | (B1 & B2))' },
    arcs: [arc('A', 'ZN', 34.1, 5.16), arc('B1', 'ZN', 20.8, 5.07), arc('B2', 'ZN', 25.6, 5.09)], internalEnergyFj: 4.33085 },
  { name: 'OAI21_X1', areaUm2: 1.064, leakageNw: 22.6, inputsFf: { A: 1.67, B1: 1.66, B2: 1.57 }, outputs: { ZN: '!(A & (B1 | B2))' },
    arcs: [arc('A', 'ZN', 20.2, 2.43), arc('B1', 'ZN', 21.4, 5.08), arc('B2', 'ZN', 26.0, 5.16)], internalEnergyFj: 4.36773 },
  { name: 'XOR2_X1', areaUm2: 1.596, leakageNw: 36.2, inputsFf: { A: 2.23, B: 2.41 }, outputs: { Z: '(A ^ B)' },
    arcs: [arc('A', 'Z', 50.0, 5.09), arc('B', 'Z', 55.1, 5.12)], internalEnergyFj: 5.01172 },
  { name: 'XNOR2_X1', areaUm2: 1.596, leakageNw: 36.4, inputsFf: { A: 2.23, B: 2.57 }, outputs: { ZN: '!(A ^ B)' },
    arcs: [arc('A', 'ZN', 37.7, 5.08), arc('B', 'ZN', 38.4, 5.16)], internalEnergyFj: 4.85087 },
  { name: 'MUX2_X1', areaUm2: 1.862, leakageNw: 35.9, inputsFf: { A: 0.95, B: 0.94, S: 1.92 }, outputs: { Z: '((S & B) | (A & !S))' },
    arcs: [arc('A', 'Z', 58.2, 2.60), arc('B', 'Z', 58.5, 2.60), arc('S', 'Z', 56.8, 2.60)], internalEnergyFj: 4.9951 },
  { name: 'NAND3_X1', delayMappingOnly: true, areaUm2: 1.064, leakageNw: 18.1, inputsFf: { A1: 1.59, A2: 1.62, A3: 1.65 }, outputs: { ZN: '!((A1 & A2) & A3)' },
    arcs: [arc('A1', 'ZN', 15.5, 2.99), arc('A2', 'ZN', 18.1, 3.01), arc('A3', 'ZN', 19.9, 3.00)], internalEnergyFj: 3.76971,
    note: 'added for timing: real flows map wide ANDs, decoders and carry logic to it' },
  { name: 'NOR3_X1', delayMappingOnly: true, areaUm2: 1.064, leakageNw: 26.8, inputsFf: { A1: 1.76, A2: 1.66, A3: 1.62 }, outputs: { ZN: '!((A1 | A2) | A3)' },
    arcs: [arc('A1', 'ZN', 23.5, 7.78), arc('A2', 'ZN', 34.2, 7.96), arc('A3', 'ZN', 38.5, 7.96)], internalEnergyFj: 3.98623,
    note: 'added for timing: real flows map wide ORs to it' },
  { name: 'AOI22_X1', delayMappingOnly: true, areaUm2: 1.330, leakageNw: 32.6, inputsFf: { A1: 1.69, A2: 1.69, B1: 1.58, B2: 1.62 }, outputs: { ZN: '!((A1 & A2) | (B1 & B2))' },
    arcs: [arc('A1', 'ZN', 25.5, 5.14), arc('A2', 'ZN', 30.4, 5.13), arc('B1', 'ZN', 35.4, 5.20), arc('B2', 'ZN', 40.6, 5.17)], internalEnergyFj: 5.22095,
    note: 'added: AND-OR lane muxes map to it in real flows' },
  { name: 'OAI22_X1', delayMappingOnly: true, areaUm2: 1.330, leakageNw: 34.0, inputsFf: { A1: 1.67, A2: 1.58, B1: 1.67, B2: 1.62 }, outputs: { ZN: '!((A1 | A2) & (B1 | B2))' },
    arcs: [arc('A1', 'ZN', 21.9, 5.09), arc('A2', 'ZN', 26.5, 5.18), arc('B1', 'ZN', 32.2, 5.17), arc('B2', 'ZN', 37.1, 5.21)], internalEnergyFj: 5.24233,
    note: 'added: the OR-AND dual of AOI22' },
  // Candidates for a richer area mapping (issue 15): the other single-output X1 cells ABC uses on
  // nmcore's blocks, in no shipped library yet (bench/area_cell_set.ts measures with them; a full
  // refit on them was measured but not adopted, tech/nangate45/README.md). Areas: LEF footprints
  // ([LEF], all twelve). All twelve: delays, pin capacitances, leakage and internal energy derived
  // from the typical-corner tables by the method in the header (note LIB; which conditional arcs of
  // AOI222 and OAI222 were read: tech/nangate45/README.md, "Candidate cells").
  { name: 'AND3_X1', candidate: true, areaUm2: 1.330, leakageNw: 26.5, inputsFf: { A1: 0.88, A2: 0.93, A3: 0.96 }, outputs: { ZN: '((A1 & A2) & A3)' },
    arcs: [arc('A1', 'ZN', 38.1, 2.75), arc('A2', 'ZN', 40.4, 2.75), arc('A3', 'ZN', 40.3, 2.75)], internalEnergyFj: 3.67089, note: LIB },
  { name: 'AND4_X1', candidate: true, areaUm2: 1.596, leakageNw: 27.0, inputsFf: { A1: 0.86, A2: 0.90, A3: 0.92, A4: 0.94 }, outputs: { ZN: '(((A1 & A2) & A3) & A4)' },
    arcs: [arc('A1', 'ZN', 47.7, 2.97), arc('A2', 'ZN', 51.6, 2.97), arc('A3', 'ZN', 53.2, 2.97), arc('A4', 'ZN', 53.6, 2.97)], internalEnergyFj: 4.11446, note: LIB },
  { name: 'OR3_X1', candidate: true, areaUm2: 1.330, leakageNw: 24.4, inputsFf: { A1: 0.96, A2: 0.94, A3: 0.92 }, outputs: { ZN: '((A1 | A2) | A3)' },
    arcs: [arc('A1', 'ZN', 64.0, 2.46), arc('A2', 'ZN', 75.5, 2.47), arc('A3', 'ZN', 79.8, 2.50)], internalEnergyFj: 3.83277, note: LIB },
  { name: 'OR4_X1', candidate: true, areaUm2: 1.596, leakageNw: 26.7, inputsFf: { A1: 0.94, A2: 0.94, A3: 0.92, A4: 0.91 }, outputs: { ZN: '(((A1 | A2) | A3) | A4)' },
    arcs: [arc('A1', 'ZN', 81.7, 2.57), arc('A2', 'ZN', 99.8, 2.57), arc('A3', 'ZN', 110.3, 2.57), arc('A4', 'ZN', 114.5, 2.57)], internalEnergyFj: 4.54618, note: LIB },
  { name: 'NAND4_X1', candidate: true, areaUm2: 1.330, leakageNw: 18.1, inputsFf: { A1: 1.52, A2: 1.60, A3: 1.64, A4: 1.66 }, outputs: { ZN: '!(((A1 & A2) & A3) & A4)' },
    arcs: [arc('A1', 'ZN', 19.5, 3.85), arc('A2', 'ZN', 23.1, 3.89), arc('A3', 'ZN', 24.7, 3.89), arc('A4', 'ZN', 25.1, 3.89)], internalEnergyFj: 4.60773, note: LIB },
  { name: 'NOR4_X1', candidate: true, areaUm2: 1.330, leakageNw: 32.6, inputsFf: { A1: 1.74, A2: 1.67, A3: 1.64, A4: 1.61 }, outputs: { ZN: '!(((A1 | A2) | A3) | A4)' },
    arcs: [arc('A1', 'ZN', 30.8, 10.69), arc('A2', 'ZN', 48.4, 10.78), arc('A3', 'ZN', 58.8, 10.78), arc('A4', 'ZN', 63.0, 10.79)], internalEnergyFj: 5.23224, note: LIB },
  { name: 'AOI211_X1', candidate: true, areaUm2: 1.330, leakageNw: 34.6, inputsFf: { A: 1.62, B: 1.66, C1: 1.66, C2: 1.68 }, outputs: { ZN: '!(((C1 & C2) | B) | A)' },
    arcs: [arc('A', 'ZN', 56.9, 7.93), arc('B', 'ZN', 52.8, 7.93), arc('C1', 'ZN', 26.9, 7.91), arc('C2', 'ZN', 34.7, 7.88)], internalEnergyFj: 5.42728, note: LIB },
  { name: 'AOI221_X1', candidate: true, areaUm2: 1.596, leakageNw: 41.7, inputsFf: { A: 1.68, B1: 1.58, B2: 1.63, C1: 1.63, C2: 1.71 }, outputs: { ZN: '!(((C1 & C2) | A) | (B1 & B2))' },
    arcs: [arc('A', 'ZN', 60.0, 7.95), arc('B1', 'ZN', 59.2, 7.97), arc('B2', 'ZN', 67.3, 7.93), arc('C1', 'ZN', 35.1, 7.95), arc('C2', 'ZN', 42.9, 7.91)], internalEnergyFj: 6.51684, note: LIB },
  { name: 'AOI222_X1', candidate: true, areaUm2: 2.128, leakageNw: 47.4, inputsFf: { A1: 1.64, A2: 1.70, B1: 1.58, B2: 1.62, C1: 1.55, C2: 1.59 }, outputs: { ZN: '!(((A1 & A2) | (B1 & B2)) | (C1 & C2))' },
    arcs: [arc('A1', 'ZN', 41.3, 7.97), arc('A2', 'ZN', 49.2, 7.93), arc('B1', 'ZN', 64.4, 8.00), arc('B2', 'ZN', 72.4, 7.94), arc('C1', 'ZN', 73.9, 8.00), arc('C2', 'ZN', 81.9, 7.94)], internalEnergyFj: 7.83083, note: LIB },
  { name: 'OAI211_X1', candidate: true, areaUm2: 1.330, leakageNw: 22.0, inputsFf: { A: 1.61, B: 1.66, C1: 1.60, C2: 1.56 }, outputs: { ZN: '!(((C1 | C2) & A) & B)' },
    arcs: [arc('A', 'ZN', 23.7, 3.06), arc('B', 'ZN', 23.6, 3.06), arc('C1', 'ZN', 23.8, 5.10), arc('C2', 'ZN', 28.6, 5.14)], internalEnergyFj: 5.21241, note: LIB },
  { name: 'OAI221_X1', candidate: true, areaUm2: 1.596, leakageNw: 33.9, inputsFf: { A: 1.63, B1: 1.66, B2: 1.61, C1: 1.57, C2: 1.58 }, outputs: { ZN: '!(((C1 | C2) & A) & (B1 | B2))' },
    arcs: [arc('A', 'ZN', 27.5, 3.10), arc('B1', 'ZN', 39.8, 5.21), arc('B2', 'ZN', 44.9, 5.21), arc('C1', 'ZN', 24.5, 5.12), arc('C2', 'ZN', 29.3, 5.16)], internalEnergyFj: 6.27010, note: LIB },
  { name: 'OAI222_X1', candidate: true, areaUm2: 2.128, leakageNw: 43.2, inputsFf: { A1: 1.58, A2: 1.59, B1: 1.62, B2: 1.62, C1: 1.60, C2: 1.57 }, outputs: { ZN: '!(((A1 | A2) & (B1 | B2)) & (C1 | C2))' },
    arcs: [arc('A1', 'ZN', 25.3, 5.14), arc('A2', 'ZN', 30.0, 5.18), arc('B1', 'ZN', 35.2, 5.18), arc('B2', 'ZN', 40.2, 5.20), arc('C1', 'ZN', 45.2, 5.27), arc('C2', 'ZN', 50.4, 5.27)], internalEnergyFj: 7.0583, note: LIB },
  { name: 'FA_X1', areaUm2: 4.256, leakageNw: 75.8, inputsFf: { A: 3.75, B: 3.47, CI: 2.76 }, outputs: { CO: '((A & B) | (CI & (A | B)))', S: '((A ^ B) ^ CI)' },
    arcs: [arc('A', 'CO', 71.4, 2.74), arc('B', 'CO', 74.4, 2.72), arc('CI', 'CO', 65.5, 2.75), arc('A', 'S', 110.7, 2.82), arc('B', 'S', 117.5, 2.84), arc('CI', 'S', 108.5, 2.82)],
    internalEnergyFj: 5.91228, multiOutput: true },
  { name: 'HA_X1', areaUm2: 2.660, leakageNw: 61.2, inputsFf: { A: 3.19, B: 3.45 }, outputs: { CO: '(A & B)', S: '(A ^ B)' },
    arcs: [arc('A', 'CO', 29.6, 2.55), arc('B', 'CO', 32.2, 2.55), arc('A', 'S', 50.2, 5.09), arc('B', 'S', 55.4, 5.12)],
    internalEnergyFj: 5.65004, multiOutput: true },
  { name: 'DFF_X1', areaUm2: 4.522, leakageNw: 79.1, inputsFf: { D: 1.14, CK: 0.95 }, outputs: { Q: 'IQ' },
    arcs: [arc('CK', 'Q', 88.5, 2.20)], internalEnergyFj: 7.55389, sequential: { clock: 'CK', data: 'D', setupPs: DFF_SETUP_PS },
    note: 'rising-edge D flip-flop; NanGate\'s QN output is left out, so dfflibmap never maps through QN' },
];

const byName = new Map(NANGATE45_CELLS.map((c) => [c.name, c]));

/** The record of a cell, or undefined for a cell the table does not hold. */
export function cellData(name: string): CellData | undefined {
  return byName.get(name);
}
