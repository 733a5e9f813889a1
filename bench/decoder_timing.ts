// Times the metadata decoders (and, for comparison, the compressor's rank count) one module at a
// time with the delay flow: area (um^2) and worst logic path (ns) per configuration. Templates come
// from rtl-templates/ or, with --dir, from another folder of nm_*.v files (e.g. an older version).
// Run: npx tsx bench/decoder_timing.ts [--dir PATH] [--only NAME] [--pool N]
// (--only matches the template name: e.g. `_bitmask`, `flex`, `rank`)

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SynthSpec } from '../src/synth/flows.js';
import { synthesizeBatchSettled } from '../src/synth/synthesize.js';
import { templateSpec } from '../src/synth/template_sources.js';

const FLEX_LM = (ms: readonly number[]): number => ms.reduce((s, m, q) => s + Math.log2(m) * 8 ** q, 0);

/** Decoder configurations: one group at each pattern, plus the flexible 2:4..16:32 engine at W = 32. */
const POINTS: readonly { template: string; params: Record<string, number> }[] = [
  ...[[2, 4], [4, 8], [8, 16], [16, 32]].flatMap(([n, m]) => [
    { template: 'nm_meta_decode_bitmask', params: { WINDOW: m!, M: m!, N: n! } },
    { template: 'nm_meta_decode_index', params: { WINDOW: m!, M: m!, N: n! } },
  ]),
  { template: 'nm_meta_decode_flex_bitmask', params: { WINDOW: 32, M: 32, N: 16, MODES: 4, MB: 2, MODE_LM: FLEX_LM([4, 8, 16, 32]) } },
  { template: 'nm_meta_decode_flex_index', params: { WINDOW: 32, M: 32, N: 16, MODES: 4, MB: 2, MODE_LM: FLEX_LM([4, 8, 16, 32]) } },
  { template: 'nm_topn_rank', params: { M: 32, N: 16, A: 8, PIPE: 1 } },
];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dir = argValue('--dir');
const only = argValue('--only');
const pool = Number(argValue('--pool') ?? '1');
const specs: SynthSpec[] = POINTS.filter((p) => only === undefined || p.template.includes(only)).map((p) => {
  const spec = templateSpec(p.template, p.params);
  if (dir === undefined) return spec;
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.v'))) files[f] = readFileSync(join(dir, f), 'utf8');
  return { ...spec, files };
});
const label = (s: SynthSpec): string => `${s.top} ${Object.entries(s.params ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}`;
await synthesizeBatchSettled(specs, {
  poolSize: pool,
  flow: { abcScript: 'nmcore', timing: true },
  onProgress: (p) => {
    const r = p.result;
    if (r === undefined) console.log(`${label(p.spec)}: failed: ${p.error?.message.split('\n')[0]}`);
    else console.log(`${label(p.spec)}: ${r.areaUm2.toFixed(1)} um^2, ${r.criticalPath.levels} levels, logic ${r.timing!.sta.logicNs.toFixed(3)} ns (${p.seconds.toFixed(1)} s)`);
  },
});
