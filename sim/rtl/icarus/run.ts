// Compiles a generated top with its Icarus testbench (iverilog -g2012, no build cache needed: it
// takes well under a second) and runs a stimulus through vvp, returning the per-cycle records.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopIR } from '../../../src/ir/types.js';
import { makeTempDir, releaseTemporary } from '../../../src/io/temporaries.js';
import { icarusStatus, runToolSync, toolFailedError, toolMissingError } from '../tools.js';
import { parseCycleRecords, policyLine, type CycleRecord, type StreamStimulus } from '../../scenario/stimulus.js';
import { icarusTestbench } from './testbench.js';

export function runIcarus(verilog: ReadonlyMap<string, string>, verilogFiles: readonly string[], top: TopIR, stimulus: StreamStimulus): CycleRecord[] {
  const tool = icarusStatus();
  if (!tool.available) throw toolMissingError('iverilog', 'simulate the generated RTL on Icarus', tool);
  const dir = makeTempDir('icarus');
  try {
    const files = verilogFiles.map((f) => {
      const p = join(dir, f);
      writeFileSync(p, verilog.get(f) ?? '');
      return p;
    });
    writeFileSync(join(dir, 'tb.sv'), icarusTestbench(top));
    const vvp = join(dir, 'tb.vvp');
    const c = runToolSync('iverilog', ['-g2012', '-o', vvp, '-s', 'tb', join(dir, 'tb.sv'), ...files], { encoding: 'utf8' }, [dir]);
    if (c.status !== 0) throw toolFailedError('iverilog', `compile ${top.module} with its testbench`, c.status, `${c.error?.message ?? ''}${c.stdout ?? ''}${c.stderr ?? ''}`, 'check that iverilog 11 or newer is installed (apt-get install -y iverilog)');
    const slices = stimulus.slices.map((s) => `${s.last ? 1 : 0} ${s.actHex} ${s.wgtHex} ${s.metaHex ?? '0'} ${s.mode.toString(16)}`).join('\n');
    const policy = [`${stimulus.slices.length} ${stimulus.policy.length}`,
      ...stimulus.policy.map(policyLine)].join('\n');
    writeFileSync(join(dir, 'slices.txt'), slices + '\n');
    writeFileSync(join(dir, 'policy.txt'), policy + '\n');
    const r = runToolSync('vvp', ['-n', vvp, `+slices=${join(dir, 'slices.txt')}`, `+policy=${join(dir, 'policy.txt')}`], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 }, [dir]);
    if (r.status !== 0) throw toolFailedError('vvp', `run the ${top.module} testbench`, r.status, `${r.error?.message ?? ''}${r.stderr ?? ''}`, 'vvp comes with iverilog (apt-get install -y iverilog)');
    return parseCycleRecords(r.stdout.split('\n').filter((l) => /^\d/.test(l)).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    releaseTemporary(dir);
  }
}
