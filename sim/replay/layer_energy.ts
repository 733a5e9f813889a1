// Energy of a replayed layer: the replay's action counts (action_counts.ts) priced by the energy
// model (src/model/energy.ts). One call for `simulate` and the report.

import type { EngineIR } from '../../src/ir/types.js';
import { estimateLayerEnergy, type EnergyOptions, type LayerEnergy } from '../../src/model/energy.js';
import { countActions, type ActionCounts } from './action_counts.js';
import type { LayerReport, ReplayTop } from './layer_report.js';

export interface LayerEnergyReport {
  readonly counts: ActionCounts;
  readonly energy: LayerEnergy;
}

export function layerEnergy(ir: EngineIR, top: ReplayTop, report: LayerReport, options: EnergyOptions = {}): LayerEnergyReport {
  const counts = countActions(ir, top, report);
  return { counts, energy: estimateLayerEnergy(ir, top, counts, report, options) };
}
