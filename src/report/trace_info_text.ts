// Text form of `nmcore trace info`: per layer the shape, values, scales, N:M groups, ties, zeros,
// channels and weight rows, every number with its unit. Formatting only; src/trace/info.ts computes.

import type { TraceInfo } from '../trace/info.js';

const pct = (part: number, whole: number) => (whole === 0 ? '0.0 %' : `${((100 * part) / whole).toFixed(1)} %`);
const num = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4));

/** Human-readable report; every number carries its unit. */
export function formatTraceInfo(info: TraceInfo): string {
  const { n, m } = info.pattern;
  const lines: string[] = [];
  if (info.file !== undefined) lines.push(`trace ${info.file}: ${info.layers.length} layer(s)`);
  const meta = Object.entries(info.metadata).filter(([k]) => !info.layers.some((l) => k.startsWith(l.name + '.')));
  if (meta.length > 0) lines.push(`metadata: ${meta.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  lines.push(`N:M statistics for ${n}:${m}, ${info.actBits}-bit per-token quantization (round half to even), weight-row union over blocks of ${info.blockTokens} tokens`);
  for (const l of info.layers) {
    const tags = [l.meta.model, l.meta.layer !== undefined ? `layer ${l.meta.layer}` : undefined, l.meta.projection !== undefined ? `${l.meta.projection}_proj` : undefined, l.meta.source]
      .filter((x) => x !== undefined).join(', ');
    lines.push('');
    lines.push(`layer ${l.name}${tags.length > 0 ? ` (${tags})` : ''}`);
    lines.push(`  input    ${l.tokens} tokens x ${l.channels} channels, ${l.dtype}, ${l.inputBytes} bytes`);
    lines.push(l.weights !== undefined
      ? `  weights  ${l.weights.outChannels} output channels x ${l.channels} channels, ${l.weights.dtype}, ${l.weights.bytes} bytes`
      : '  weights  none');
    const v = l.values;
    lines.push(`  values   min ${num(v.min)}, max ${num(v.max)}, mean ${num(v.mean)}, std ${num(v.std)} (value units); kurtosis ${v.kurtosis.toFixed(2)} (normal = 3); exact zeros ${pct(v.zeroFraction, 1)}`);
    lines.push(`  scales   ${num(l.minScale)} .. ${num(l.maxScale)} value units per code step`);
    const s = l.nm;
    lines.push(`  groups   ${s.groupsPerToken} groups per token, ${s.groups} groups${s.paddedChannelsPerToken > 0 ? `, ${s.paddedChannelsPerToken} zero channels padded per token (K not a multiple of ${m})` : ''}`);
    lines.push(`  ties     ${s.tiedGroups} tied groups (${pct(s.tiedGroups, s.groups)} of groups), of which ${s.tiedGroupsAtZero} at magnitude 0; ${s.allZeroGroups} all-zero groups (${pct(s.allZeroGroups, s.groups)})`);
    if (s.storedDtypeTiedGroups !== undefined) {
      lines.push(`  ties     ${s.storedDtypeTiedGroups} tied groups (${pct(s.storedDtypeTiedGroups, s.groups)} of groups) on the ${l.dtype} values before quantization`);
    }
    lines.push(`  zeros    ${s.zeroValues} zero codes (${pct(s.zeroValues, l.tokens * l.channels)} of values); kept ${s.keptValues} values, ${s.keptNonZero} non-zero (${pct(s.keptNonZero, s.keptValues)} of kept)`);
    lines.push(`  channels ${s.channelsAlwaysKept} channels kept by every token, ${s.channelsNeverKept} by none`);
    lines.push(`  w-rows   ${s.weightRowsFetched} of ${s.weightRowsDense} weight rows fetched over ${s.blocks} blocks (${pct(s.weightRowsFetched, s.weightRowsDense)}), ${s.minWeightRowsPerBlock}..${s.maxWeightRowsPerBlock} rows per block`);
  }
  return lines.join('\n') + '\n';
}
