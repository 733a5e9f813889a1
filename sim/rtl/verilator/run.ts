// Runs a built Verilator model on a stimulus and parses its per-cycle records.

import { runToolSync, toolFailedError } from '../tools.js';
import { parseCycleRecords, serializeStimulus, type CycleRecord, type StreamStimulus } from '../../scenario/stimulus.js';

export function runVerilatorModel(binary: string, stimulus: StreamStimulus): CycleRecord[] {
  const r = runToolSync(binary, [], { input: serializeStimulus(stimulus), encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw toolFailedError('the Verilated model', `run ${binary}`, r.status, `${r.error?.message ?? ''}${r.stderr ?? ''}`, 'remove that folder of the Verilator cache to rebuild it (NMCORE_CACHE_DIR, default ~/.cache/nmcore)');
  return parseCycleRecords(r.stdout);
}
