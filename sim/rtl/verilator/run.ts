// Runs a built Verilator model on a stimulus and parses its per-cycle records.

import { spawnSync } from 'node:child_process';
import { parseCycleRecords, serializeStimulus, type CycleRecord, type StreamStimulus } from '../../scenario/stimulus.js';

export function runVerilatorModel(binary: string, stimulus: StreamStimulus): CycleRecord[] {
  const r = spawnSync(binary, [], { input: serializeStimulus(stimulus), encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new Error(`model ${binary} failed (exit ${r.status}): ${r.error?.message ?? ''}\n${r.stderr}`);
  return parseCycleRecords(r.stdout);
}
