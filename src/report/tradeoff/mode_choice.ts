// The cheapest mode of one layer under an output-error budget: a pure choice over per-mode options
// (error, energy, cycles, bytes), so the report's schedule and its test share one definition.
// Cheapest = least energy (pJ, the compute-bound replay's action counts priced by the energy model,
// which counts the off-chip bytes too), then fewest cycles at the report's bandwidth, then fewest
// bytes read, then the least error, then the earlier mode. A layer that no mode brings within the
// budget runs its least-error mode and is marked as over the budget.

/** One mode of one layer on one engine. */
export interface ModeOption {
  /** `n:m`. */
  readonly pattern: string;
  /** Relative output error of what the engine computes (engineRelOutputError, magnitude, no mitigation), a fraction. */
  readonly relError: number;
  readonly energyPj: number;
  readonly computeBoundCycles: number;
  readonly cyclesAtBandwidth: number;
  /** Activations + metadata + weights (with row skipping) read by nm_engine, bytes. */
  readonly readBytes: number;
}

export interface ModeChoice {
  readonly option: ModeOption;
  /** False when no mode's error is within the budget (then `option` is the least-error mode). */
  readonly meetsBudget: boolean;
}

/** The definition of "cheapest", as the report states it. */
export const CHEAPEST_DEFINITION = 'cheapest = least energy (pJ: the compute-bound replay of the layer in that mode, action counts x energy per action, off-chip bytes included), ties broken by fewer cycles at the report\'s bandwidth, then fewer bytes read, then less output error, then the earlier mode';

const byCost = (a: ModeOption, b: ModeOption): number =>
  a.energyPj - b.energyPj || a.cyclesAtBandwidth - b.cyclesAtBandwidth || a.readBytes - b.readBytes || a.relError - b.relError;

/** The cheapest option with relError <= budget (a fraction); none: the least-error option, marked. */
export function chooseMode(options: readonly ModeOption[], budget: number): ModeChoice {
  if (options.length === 0) throw new RangeError('chooseMode: no modes');
  const within = options.filter((o) => o.relError <= budget);
  if (within.length > 0) return { option: within.reduce((best, o) => (byCost(o, best) < 0 ? o : best)), meetsBudget: true };
  const leastError = options.reduce((best, o) => (o.relError - best.relError || byCost(o, best)) < 0 ? o : best);
  return { option: leastError, meetsBudget: false };
}
