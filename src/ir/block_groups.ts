// Groups a top's IR blocks into report rows: identical blocks (same kind, mux operand, template
// and parameters). The model (area.ts) and synthesis (synth/engine_synth.ts) use the same rows,
// so their breakdowns line up row by row.

import type { Block, TopIR } from './types.js';

export interface BlockGroup {
  /** Stable key: kind, operand, template and parameters. */
  readonly key: string;
  /** Block name, or a pattern such as `pe_r*_c*` for several instances. */
  readonly name: string;
  readonly template: string;
  readonly params: Readonly<Record<string, number>>;
  readonly blocks: readonly Block[];
}

/** `pe_r*_c*` for a row of PEs; distinct names (e.g. two equal delay lines) are joined with `+`. */
function groupName(blocks: readonly Block[]): string {
  const names = new Set(blocks.map((b) => (blocks.length === 1 ? b.name : b.name.replace(/_r\d+/, '_r*').replace(/_c\d+/, '_c*'))));
  return [...names].join('+');
}

/** Rows of a top in first-appearance order. */
export function groupBlocks(top: TopIR): BlockGroup[] {
  const groups = new Map<string, { template: { module: string; params: Readonly<Record<string, number>> }; blocks: Block[] }>();
  for (const b of top.blocks) {
    const key = `${b.kind}:${b.kind === 'mux_network' ? b.operand : ''}:${b.template}:${JSON.stringify(b.params)}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { template: { module: b.template, params: b.params }, blocks: [b] });
    else g.blocks.push(b);
  }
  return [...groups.entries()].map(([key, g]) => ({
    key,
    name: groupName(g.blocks),
    template: g.template.module,
    params: g.template.params,
    blocks: g.blocks,
  }));
}
