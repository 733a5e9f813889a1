// Stable text form of an EngineIR: the summary, per-top stages and resources, and block counts.
// Used by `nmcore ir`, in tests as an inline golden, and when debugging; same IR, same text.

import type { EngineIR, TopIR } from '../ir/types.js';

function printTop(top: TopIR): string[] {
  const lines = [`top ${top.module} (${top.activationInput} activations in), latency L = ${top.latencyCycles} cycles`];
  for (const s of top.stages) lines.push(`  stage ${s.index} ${s.name.padEnd(7)} ${String(s.dataRegisterBits).padStart(8)} data register bits  ${s.description}`);
  for (const p of top.ports) lines.push(`  port ${p.direction.padEnd(6)} ${p.name.padEnd(12)} ${String(p.widthBits).padStart(7)} bits`);
  const r = top.resources;
  lines.push(`  resources: ${r.multipliers} multipliers, ${r.actMuxInputs} act mux inputs, ${r.weightMuxInputs} weight mux inputs, ` +
    `${r.comparators} comparators, ${r.adderTreeInputs} adder-tree inputs, ${r.registerBits} register bits`);
  const counts = new Map<string, number>();
  for (const b of top.blocks) counts.set(b.kind, (counts.get(b.kind) ?? 0) + 1);
  lines.push(`  blocks: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  return lines;
}

export function printIR(ir: EngineIR): string {
  const lines = [
    `engine ${ir.configHash} (IR v${ir.irVersion}, contract v${ir.contractVersion})`,
    `  modes ${ir.modes.map((m) => `${m.n}:${m.m}`).join(', ')}${ir.dense ? ' (dense reference)' : ''}`,
    `  window ${ir.windowChannels} channels, ${ir.lanes} lanes, ${ir.rows} x ${ir.cols} PEs`,
    `  operands A = ${ir.actBits} bits, B = ${ir.weightBits} bits, accumulator ${ir.accBits} bits, psum ${ir.psumBits} bits`,
    ...(ir.modes.length > 1
      ? [`  flexible: cfg_mode ${ir.modeSelectBits} bit(s), organization ${ir.org}, hardware of ${ir.modes[ir.hardwareMode]!.n}:${ir.modes[ir.hardwareMode]!.m} serving every mode`]
      : []),
    `  mux fan-in ${ir.modes[ir.hardwareMode]!.muxFanIn}, ${ir.tops.engine.resources.comparators / (ir.rows * ir.modes[ir.hardwareMode]!.groupsPerSlice)} comparators per group, ${ir.meta} metadata ${ir.metaBitsPerRow} bits per token row`,
    ...printTop(ir.tops.engine),
    ...printTop(ir.tops.core),
  ];
  return lines.join('\n') + '\n';
}
