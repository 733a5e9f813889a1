// What the generated cycle model (sim/cycle/jsgen/) specializes: per block kind, the templates and
// Verilog parameters its emitted code was written for, and the field values it folds in. A block
// outside this (a new template, a new parameter, a field value the emitted code does not cover) is
// not specialized: compile.ts then calls the reference step function on views (combinational blocks,
// compressors, PEs) or refuses the top at compile time (control, delay lines, mode capture), so the
// generated model never silently computes something other than the interpreted reference.

import type { Block } from '../../../src/ir/types.js';

interface Specialized {
  readonly templates: readonly string[];
  readonly params: readonly string[];
}

const SPECIALIZED: Readonly<Record<Block['kind'], Specialized | undefined>> = {
  stream_control: { templates: ['nm_stream_control'], params: ['STAGES', 'SKID'] },
  delay_line: { templates: ['nm_delay_line'], params: ['WIDTH', 'DEPTH'] },
  mode_capture: { templates: ['nm_mode_capture'], params: ['MB'] },
  compressor: { templates: ['nm_compressor'], params: ['WINDOW', 'M', 'N', 'A', 'PIPE'] },
  meta_decoder: { templates: ['nm_meta_decode_bitmask', 'nm_meta_decode_index'], params: ['WINDOW', 'M', 'N'] },
  mux_network: { templates: ['nm_mux_network'], params: ['WINDOW', 'M', 'N', 'WIDTH'] },
  // CS (carry-save partial sum) changes only how the template adds, not what: the same step.
  pe: { templates: ['nm_pe'], params: ['P', 'A', 'B', 'ACC', 'PSUM', 'SPLIT', 'PARTS', 'PART', 'CS', 'SKID'] },
  // Always run through the reference step functions (sim/cycle/blocks/flex_*.ts).
  flex_compressor: undefined,
  flex_decoder: undefined,
};

/** Field values beyond the template and parameter names that the emitted code assumes. */
function fieldReason(b: Block): string | undefined {
  switch (b.kind) {
    case 'compressor':
      if (b.pipelineStages !== 0 && b.pipelineStages !== 1) return `${b.pipelineStages} comparison pipeline stages (0 or 1 specialized)`;
      return undefined;
    case 'pe':
      if (b.psumParts < 0 || (b.psumParts > 0 && b.lanes % b.psumParts !== 0)) return `${b.lanes} lanes in ${b.psumParts} parts`;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Why the generated code does not cover block `b` (undefined: it does). Kinds always run through
 * their reference step functions (flexible compressor and decoder) report a reason too.
 */
export function unspecializedReason(b: Block): string | undefined {
  const s = SPECIALIZED[b.kind];
  if (s === undefined) return `${b.kind} runs through its reference step function`;
  if (!s.templates.includes(b.template)) return `template ${b.template} (specialized: ${s.templates.join(', ')})`;
  const unknown = Object.keys(b.params).filter((p) => !s.params.includes(p));
  if (unknown.length > 0) return `parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} of ${b.template} not specialized`;
  return fieldReason(b);
}
