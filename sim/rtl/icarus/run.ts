// Compiles a generated top with its Icarus testbench (iverilog -g2012, no build cache needed: it
// takes well under a second) and runs a stimulus through vvp, returning the per-cycle records.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopIR } from '../../../src/ir/types.js';
import { icarusStatus } from '../tools.js';
import { parseCycleRecords, policyLine, type CycleRecord, type StreamStimulus } from '../../scenario/stimulus.js';
import { icarusTestbench } from './testbench.js';

export function runIcarus(verilog: ReadonlyMap<string, string>, verilogFiles: readonly string[], top: TopIR, stimulus: StreamStimulus): CycleRecord[] {
  const tool = icarusStatus();
  if (!tool.available) throw new Error(`iverilog not found; install it: ${tool.install}`);
  const dir = mkdtempSync(join(tmpdir(), 'nmcore-icarus-'));
  try {
    const files = verilogFiles.map((f) => {
      const p = join(dir, f);
      writeFileSync(p, verilog.get(f) ?? '');
      return p;
    });
    writeFileSync(join(dir, 'tb.sv'), icarusTestbench(top));
    const vvp = join(dir, 'tb.vvp');
    const c = spawnSync('iverilog', ['-g2012', '-o', vvp, '-s', 'tb', join(dir, 'tb.sv'), ...files], { encoding: 'utf8' });
    if (c.status !== 0) throw new Error(`iverilog failed (exit ${c.status}):\n${c.stdout}${c.stderr}`);
    const slices = stimulus.slices.map((s) => `${s.last ? 1 : 0} ${s.actHex} ${s.wgtHex} ${s.metaHex ?? '0'} ${s.mode.toString(16)}`).join('\n');
    const policy = [`${stimulus.slices.length} ${stimulus.policy.length}`,
      ...stimulus.policy.map(policyLine)].join('\n');
    writeFileSync(join(dir, 'slices.txt'), slices + '\n');
    writeFileSync(join(dir, 'policy.txt'), policy + '\n');
    const r = spawnSync('vvp', ['-n', vvp, `+slices=${join(dir, 'slices.txt')}`, `+policy=${join(dir, 'policy.txt')}`], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`vvp failed (exit ${r.status}):\n${r.stderr}`);
    return parseCycleRecords(r.stdout.split('\n').filter((l) => /^\d/.test(l)).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
