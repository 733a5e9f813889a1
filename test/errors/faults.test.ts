// The fault cases, each from the CLI where it shows: a broken pipe, lint without Verilator
// (reported as not run, never passed), the user cache folder, a bad demo seed, the README's
// two-layer trace, numbers as people type them, a kept zero is not a useful MAC, long cosim in
// bounded segments, and INT stopping a running tool without leaving it or its temporaries behind.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/io/package_root.js';
import { Prng } from '../../src/util/prng.js';
import { cosimulate, cosimulateSegments } from '../../sim/backends/cosim.js';
import { tsBackend } from '../../sim/cycle/backend.js';
import { cacheRoot } from '../../sim/rtl/verilator/build.js';
import { verilatorBackendCached } from '../../sim/rtl/backends.js';
import { generateEngine } from '../../src/emit/generate.js';
import { icarusStatus, runToolSync } from '../../sim/rtl/tools.js';
import type { EngineBackend } from '../../sim/scenario/backend.js';
import { SCENARIOS } from '../../sim/scenario/verify.js';
import { buildStimulus, randomDotProducts, randomPolicy } from '../../sim/scenario/workload.js';
import { configIR } from '../helpers/engines.js';
import { tempDir } from '../helpers/temp.js';
import { cli, codesIn, f32, safetensorsBytes } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');
const twoLayers = join(root, 'traces', 'examples', 'two_layers.npz');
const example = join(root, 'traces', 'examples', 'llama_gate_t16_k64.safetensors');
const e24 = ['--pattern', '2:4', '--rows', '1', '--cols', '1'];

/** The absolute path of `tool` on PATH, if any. */
function which(tool: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe('faults from the CLI', () => {
  it('ends quietly when stdout is closed early (| head -1): no EPIPE stack', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; node ${main} ir --pattern 8:16 --rows 16 --cols 16 --json | head -1; echo "node-exit=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(r.stdout).toBe('{\n');
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr).toMatch(/node-exit=0/);
  });

  it.runIf(which('iverilog') !== undefined && which('vvp') !== undefined)('verify without Verilator reports lint as NOT RUN and fails, text and JSON', () => {
    const bin = join(tempDir('nmcore-faults-bin-'), 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    symlinkSync(which('iverilog')!, join(bin, 'iverilog'));
    symlinkSync(which('vvp')!, join(bin, 'vvp'));
    const run = (extra: string[]): { status: number | null; stdout: string } => spawnSync(process.execPath, [main, 'verify', ...e24, '--simulator', 'icarus', '--dot-products', '4', ...extra], { encoding: 'utf8', env: { ...process.env, PATH: bin } });
    const text = run([]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/lint NOT RUN: verilator not installed/);
    expect(text.stdout).not.toMatch(/PASS/);
    const json = run(['--json']);
    expect(json.status).toBe(1);
    const j = JSON.parse(json.stdout) as { passed: boolean; lint: unknown };
    expect(j.passed).toBe(false);
    expect(j.lint).toMatch(/^not run/);
  }, 60_000);

  it('keeps the Verilator cache in a user folder, never in the package', () => {
    const saved = { n: process.env.NMCORE_CACHE_DIR, x: process.env.XDG_CACHE_HOME };
    try {
      delete process.env.NMCORE_CACHE_DIR;
      delete process.env.XDG_CACHE_HOME;
      expect(cacheRoot()).toBe(join(homedir(), '.cache', 'nmcore'));
      expect(cacheRoot().startsWith(packageRoot())).toBe(false);
      process.env.XDG_CACHE_HOME = '/var/tmp/xdg';
      expect(cacheRoot()).toBe('/var/tmp/xdg/nmcore');
      process.env.NMCORE_CACHE_DIR = 'relative/cache';
      expect(cacheRoot()).toBe(join(process.cwd(), 'relative', 'cache'));
      // An empty cache is a cold build, so cosim says "building", not "reusing the cached model".
      process.env.NMCORE_CACHE_DIR = tempDir('nmcore-faults-cache-');
      const ir = configIR({ pattern: '2:4', rows: 1, cols: 1 });
      expect(verilatorBackendCached(generateEngine(ir), ir.tops.engine)).toBe(false);
    } finally {
      if (saved.n === undefined) delete process.env.NMCORE_CACHE_DIR; else process.env.NMCORE_CACHE_DIR = saved.n;
      if (saved.x === undefined) delete process.env.XDG_CACHE_HOME; else process.env.XDG_CACHE_HOME = saved.x;
    }
  });

  it('demo checks --seed up front: one error, nothing written', async () => {
    const out = join(tempDir('nmcore-faults-demo-'), 'demo');
    const r = await cli(['demo', '--seed', 'abc', '--out', out]);
    expect(r.code).toBe(1);
    expect(codesIn(r)).toEqual(['cli_bad_number']);
    expect(r.out).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it("simulates the README's two_layers.npz as a whole, naming the real cause without --out-channels", async () => {
    const bad = await cli(['simulate', '--trace', twoLayers, '--pattern', '8:16', '--rows', '4', '--cols', '4']);
    expect(codesIn(bad)).toEqual(['replay_unknown_out_channels']);
    expect(bad.err).toMatch(/K = 96 channels, not 11008/);
    const ok = await cli(['simulate', '--trace', twoLayers, '--pattern', '8:16', '--rows', '4', '--cols', '4', '--out-channels', 'mlp_down=48', '--json']);
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.out) as { layers: { layer: string; outChannels: number }[] };
    expect(j.layers.map((l) => [l.layer, l.outChannels])).toEqual([['attn_q', 32], ['mlp_down', 48]]);
    const unknown = await cli(['simulate', '--trace', twoLayers, '--pattern', '8:16', '--rows', '4', '--cols', '4', '--out-channels', 'mlp_up=48']);
    expect(codesIn(unknown)).toEqual(['trace_unknown_layer']);
  });

  it('takes numbers as people type them (1e3, .5) and one pattern rule everywhere (trace info --pattern 2:3)', async () => {
    for (const [text, value] of [['1e3', 1000], ['.5', 0.5]] as const) {
      const r = await cli(['simulate', '--trace', example, '--pattern', '8:16', '--rows', '1', '--cols', '1', '--bandwidth', text, '--json']);
      expect(r.code, r.err).toBe(0);
      expect((JSON.parse(r.out) as { memory: { bandwidthBytesPerCycle: number } }).memory.bandwidthBytesPerCycle).toBe(value);
    }
    expect(codesIn(await cli(['trace', 'info', example, '--pattern', '2:3']))).toEqual(['config_m_not_legal']);
  });

  it('names a too-large config number for what it is (1e400), not "null"', async () => {
    const f = join(tempDir('nmcore-faults-cfg-'), 'huge.json');
    writeFileSync(f, '{"pattern": "2:4", "rows": 1e400, "cols": 1}');
    const r = await cli(['ir', '--config', f]);
    expect(codesIn(r)).toEqual(['config_not_integer']);
    expect(r.err).toMatch(/Infinity/);
    expect(r.err).not.toMatch(/null/);
  });

  it('counts no useful MAC for kept zeros: an all-zero trace has 0 % MAC utilization', async () => {
    const f = join(tempDir('nmcore-faults-zero-'), 'zeros.safetensors');
    writeFileSync(f, safetensorsBytes({ 'z.input': { dtype: 'F32', shape: [8, 32], offsets: [0, 1024] } }, f32(new Array(256).fill(0))));
    const r = await cli(['simulate', '--trace', f, '--pattern', '8:16', '--rows', '2', '--cols', '2', '--out-channels', '4', '--json']);
    expect(r.code, r.err).toBe(0);
    const layer = (JSON.parse(r.out) as { layers: { usefulMacs: number; macUtilization: number; keptValues: number }[] }).layers[0]!;
    expect(layer.keptValues).toBe(8 * 16);
    expect(layer.usefulMacs).toBe(0);
    expect(layer.macUtilization).toBe(0);
  });
});

describe('long cosimulation in bounded segments', () => {
  const ir = configIR({ pattern: '2:4', rows: 1, cols: 2 });
  const top = ir.tops.engine;
  const stimulusOf = (rng: Prng) => (_i: number) => buildStimulus(ir, top, randomDotProducts(ir, rng, 150, 6), randomPolicy(rng, 300, SCENARIOS[3]!.policy));

  it('sums the segments, and one segment is the unsegmented run', () => {
    const progress: number[] = [];
    const r = cosimulateSegments(ir, top, 3, stimulusOf(new Prng(5)), tsBackend(ir, top), (p) => progress.push(p.cyclesDone));
    const rng = new Prng(5);
    const parts = [0, 1, 2].map(() => cosimulate(ir, top, stimulusOf(rng)(0), tsBackend(ir, top)));
    expect(r.agree).toBe(true);
    expect(r.cycles).toBe(parts.reduce((a, p) => a + p.cycles, 0));
    expect(r.results).toBe(parts.reduce((a, p) => a + p.results, 0));
    expect(progress).toEqual([parts[0]!.cycles, parts[0]!.cycles + parts[1]!.cycles, r.cycles]);
  });

  it('reports a divergence in a later segment at its cycle from the start of the run', () => {
    let runs = 0;
    const ts = tsBackend(ir, top);
    // A faulty "RTL": right in segment 1, then drops a result-valid bit at cycle 40 of segment 2.
    const faulty: EngineBackend = { ...ts, name: 'icarus', run: (s) => {
      const recs = ts.run(s);
      return ++runs === 2 ? recs.map((x) => (x.cycle === 40 ? { ...x, outValid: !x.outValid } : x)) : recs;
    } };
    const r = cosimulateSegments(ir, top, 3, stimulusOf(new Prng(9)), faulty);
    const first = cosimulate(ir, top, stimulusOf(new Prng(9))(0), ts);
    expect(r.agree).toBe(false);
    expect(runs).toBe(2);
    expect(r.divergence!.cycle).toBe(first.cycles + 40);
  });
});

describe('interrupting a tool run', () => {
  it('passes stdin, stdout and the exit status through the guard', () => {
    const r = runToolSync('sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'stimulus line 1\nline 2\n', encoding: 'utf8' });
    expect([r.stdout, r.stderr, r.status]).toEqual(['stimulus line 1\nline 2\n', 'err\n', 3]);
  });

  it.runIf(process.platform === 'linux' && existsSync('/usr/bin/setpriv') && existsSync('/usr/bin/setsid'))('INT to nmcore stops the tool and its own children and removes the run\'s temporaries', async () => {
    const d = tempDir('nmcore-faults-guard-');
    const work = join(d, 'work');
    mkdirSync(work);
    // A "tool" that starts a child of its own (as verilator starts make and g++) and waits.
    writeFileSync(join(d, 'tool.sh'), `"${process.execPath}" -e "setTimeout(() => {}, 300000)" ${d}/grandchild &\necho started > ${d}/started\nwait\n`);
    const tools = join(root, 'dist', 'sim', 'rtl', 'tools.js');
    const driver = spawn(process.execPath, ['-e', `import(${JSON.stringify(tools)}).then((m) => m.runToolSync('sh', [${JSON.stringify(join(d, 'tool.sh'))}], { encoding: 'utf8' }, [${JSON.stringify(work)}]))`]);
    const exited = new Promise<NodeJS.Signals | null>((res) => driver.on('exit', (_c, signal) => res(signal)));
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(d, 'started')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(d, 'started'))).toBe(true);
    driver.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    const stillThere = (): string[] => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`${d}/grandchild`); } catch { return false; }
    });
    const until = Date.now() + 5000;
    while ((stillThere().length > 0 || existsSync(work)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(stillThere()).toEqual([]);
    expect(existsSync(work)).toBe(false);
  }, 60_000);
});

describe.runIf(icarusStatus().available)('interrupting a run', () => {
  it('INT during an Icarus run ends nmcore and the simulator and leaves no temporaries', async () => {
    const tmp = tempDir('nmcore-faults-sig-');
    const env = { ...process.env, TMPDIR: tmp };
    const child = spawn(process.execPath, [main, 'cosim', ...e24, '--simulator', 'icarus', '--top', 'engine', '--cycles', '400000'], { env });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
    const deadline = Date.now() + 60_000;
    while (!readdirSync(tmp).some((n) => n.startsWith('nmcore-icarus-')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(tmp).some((n) => n.startsWith('nmcore-icarus-')), err).toBe(true);
    await new Promise((r) => setTimeout(r, 1500)); // vvp is running now
    child.kill('SIGINT');
    const end = await exited;
    expect(end.signal === 'SIGINT' || end.code === 130, JSON.stringify(end)).toBe(true);
    // No process of that run is left: nothing has the run's temp folder on its command line.
    await new Promise((r) => setTimeout(r, 500));
    const alive = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(tmp); } catch { return false; }
    });
    expect(alive).toEqual([]);
    expect(readdirSync(tmp).filter((n) => n.includes('nmcore-'))).toEqual([]);
    // A leftover of a run killed outright (no guard could run) goes with the next run.
    mkdirSync(join(tmp, 'nmcore-icarus-999999999-abcdef'));
    const again = spawnSync(process.execPath, [main, 'cosim', ...e24, '--simulator', 'icarus', '--top', 'engine', '--cycles', '20'], { env, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(tmp).filter((n) => n.includes('nmcore-'))).toEqual([]);
  }, 120_000);
});
