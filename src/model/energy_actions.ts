// Energy per action of the engine's own components (src/model/tech/nangate45_energy.json): the
// JSON shape, loading and the per-action figure at a block's widths. Written only by
// bench/fit_energy_model.ts, which toggle-simulates the synthesized netlists of a reference
// engine's blocks (synth/toggle_energy.ts). Memory figures are in memory_energy.ts.

import { readFileSync } from 'node:fs';
import { packagePath } from '../io/package_root.js';

/** Per-bit energies, pJ, measured at the reference widths and scaled linearly with the bits of each action. */
export interface ComponentEnergies {
  /** Multiply-accumulate with a non-zero activation: multiplier, its share of the adder tree, partial-sum register and accumulator, per product bit (A·B). */
  readonly macNonZeroPjPerProductBit: number;
  /** The same slot with a zero activation (kept zero, padding or idle lane): the weight still toggles the multiplier inputs. */
  readonly macZeroPjPerProductBit: number;
  /** One lane value selected by a lane mux (activation or weight), per operand bit. */
  readonly selectionPjPerBit: number;
  /** One lane's one-hot select decoded from metadata (meta decoder), per lane. */
  readonly decodePjPerLane: number;
  /** One magnitude comparison of the top-n selector with its share of the rank count, per activation bit. */
  readonly comparisonPjPerBit: number;
  /** One pipeline register bit written (flip-flop with load-enable mux, random data). */
  readonly registerWritePjPerBit: number;
  /** Leakage of the reference netlists per µm² of cell area, nW. */
  readonly leakageNwPerUm2: number;
}

export interface EnergyCoefficients {
  readonly description: string;
  readonly library: string;
  readonly source: {
    readonly command: string;
    readonly date: string;
    /** The reference engine whose blocks were simulated. */
    readonly reference: string;
    readonly cyclesPerRun: number;
    readonly seed: number;
    readonly method: string;
  };
  readonly components: ComponentEnergies;
  /** Each measured run, for the record. */
  readonly runs: readonly { readonly block: string; readonly stimulus: string; readonly perCycleFj: number; readonly actionsPerCycle: number }[];
}

export function defaultEnergyPath(): string {
  return packagePath('src', 'model', 'tech', 'nangate45_energy.json');
}

let cached: EnergyCoefficients | undefined;

/** Loads and checks the energy coefficients (default: the shipped file, read once). */
export function loadEnergyCoefficients(path?: string): EnergyCoefficients {
  if (path === undefined && cached !== undefined) return cached;
  const file = path ?? defaultEnergyPath();
  const c = JSON.parse(readFileSync(file, 'utf8')) as EnergyCoefficients;
  const keys: (keyof ComponentEnergies)[] = ['macNonZeroPjPerProductBit', 'macZeroPjPerProductBit', 'selectionPjPerBit', 'decodePjPerLane', 'comparisonPjPerBit', 'registerWritePjPerBit', 'leakageNwPerUm2'];
  for (const k of keys) {
    const v = c.components?.[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${file}: components.${k} must be a non-negative number (run bench/fit_energy_model.ts)`);
  }
  if (path === undefined) cached = c;
  return c;
}
