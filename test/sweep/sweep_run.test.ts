// nmcore sweep end to end on a small study (2:4 and 4:8 x 2 array sizes, 4-bit operands, model + replay of every
// point, Yosys synthesis of the two 1 x 1 engines): locally, every number equals a direct call of
// the model, the replay and the accuracy evaluation; results.csv says what results.json says; a
// re-run does no work. Then through the BullMQ queue on a private redis-server with two worker
// processes, one SIGKILLed in the middle of a synthesis job: the study completes, the job is
// redone by the other worker, and results.json is byte-identical to the local run's.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateResults, evaluateLayer } from '../../src/accuracy/evaluate_layer.js';
import type { PatternId } from '../../src/accuracy/ids.js';
import { layerWeights } from '../../src/accuracy/layer_weights.js';
import { runCli } from '../../src/cli/main.js';
import { packagePath, packageRoot } from '../../src/io/package_root.js';
import { estimateArea } from '../../src/model/area.js';
import type { SweepResults } from '../../src/sweep/results.js';
import { readStudyTraces } from '../../src/sweep/trace_refs.js';
import { replayLayer } from '../../sim/replay/layer_report.js';
import { configIR as irOf } from '../helpers/engines.js';
import { freePort, startRedis, type TestRedis } from '../helpers/redis.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  process.exitCode = undefined;
  return { code, out, err };
}

const TRACE = packagePath('traces', 'examples', 'llama_gate_t16_k64.safetensors');
const STUDY = {
  format: 'nmcore-study', version: 1, name: 'test_small',
  axes: { patterns: ['2:4', '4:8'], sizes: ['1x1', '2x2'], actBits: [4], weightBits: [4], clockNs: [2] },
  traces: [TRACE], run: ['model', 'replay', 'synthesis'], bandwidthBytesPerCycle: 16, seed: 3, rtlMaxPes: 1,
};

let tmp: string, study: string, localResults = '';
const localDir = (): string => join(tmp, 'local');
const readResults = (dir: string): SweepResults => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as SweepResults;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nmcore-sweep-'));
  study = join(tmp, 'study.json');
  writeFileSync(study, JSON.stringify(STUDY));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('nmcore sweep, local', () => {
  it('runs every point and writes the combined report', async () => {
    const r = await cli('sweep', study, '--out', localDir(), '--json');
    expect(r.code, r.err).toBe(0);
    localResults = readFileSync(join(localDir(), 'results.json'), 'utf8');
    const j = JSON.parse(r.out);
    expect(j.cachedJobs).toBe(0);
    expect(j.computedJobs).toBe(2 /* accuracy */ + 4 + 4 + 2);
    expect(r.err).toMatch(/jobs done \(0 cached\), \d+ running, 0 failed; .*synthesis \d\/2.*elapsed [\d.]+ s/);
    for (const f of ['results.json', 'results.csv', 'pareto.csv', 'report.md', 'report.html', 'plots/area_vs_error.svg', 'plots/area_vs_cycles.svg', 'specs/area_vs_error.vl.json']) {
      expect(statSync(join(localDir(), f)).size, f).toBeGreaterThan(0);
    }
  }, 240_000);

  it('every number equals a direct call of the model, the replay and the accuracy evaluation', () => {
    const res = readResults(localDir());
    expect(res.points).toHaveLength(4);
    const layers = readStudyTraces([TRACE]).layers;
    for (const p of res.points) {
      const ir = irOf({ pattern: p.pattern, rows: p.rows, cols: p.cols, actBits: 4, weightBits: 4 });
      expect(p.window).toBe(Number(p.pattern.split(':')[1]));
      expect(p.modelAreaUm2).toBe(estimateArea(ir, 'engine').totalUm2);
      let free = 0, bw = 0;
      for (const l of layers) {
        free += replayLayer(ir, l.layer, { mode: 0, top: 'engine', outChannels: l.outChannels }).totalCycles;
        bw += replayLayer(ir, l.layer, { mode: 0, top: 'engine', outChannels: l.outChannels, memory: { bandwidthBytesPerCycle: 16 } }).totalCycles;
      }
      expect(p.computeBoundCycles).toBe(free);
      expect(p.cyclesAtBandwidth).toBe(bw);
      expect(p.timeAtClockNs).toBe(bw * 2);
      const acc = aggregateResults(layers.map((l) => evaluateLayer(l.layer, layerWeights(l.layer, l.outChannels, l.outChannelsSource, 4, 3), { patterns: [p.pattern as PatternId], criteria: ['magnitude'], mitigations: ['none'], actBits: 4 })))[0]!;
      expect(p.engineRelOutputError).toBe(acc.engineRelOutputError);
      expect(p.relOutputError).toBe(acc.relOutputError);
      if (p.rows * p.cols === 1) expect(p.synthAreaUm2).toBeGreaterThan(0);
      else expect(p.synthAreaUm2).toBeNull();
    }
    // The 2x2 engines cost more area and fewer cycles than the 1x1 ones: neither dominates, and the
    // pattern with less error is on the front.
    const front = res.points.filter((p) => p.pareto).map((p) => p.id);
    expect(res.pareto.ids).toEqual(front);
    expect(res.pareto.objectives).toEqual(['modelAreaUm2', 'engineRelOutputError', 'cyclesAtBandwidth']);
  });

  it('results.csv holds the same rows as results.json', () => {
    const res = readResults(localDir());
    const lines = readFileSync(join(localDir(), 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(res.points.length + 1);
    const header = lines[0]!.split(',');
    const col = (name: string): number => header.findIndex((h) => h === name || h.startsWith(`${name} [`));
    res.points.forEach((p, i) => {
      const cells = lines[i + 1]!.split(',');
      expect(cells[col('id')]).toBe(p.id);
      expect(Number(cells[col('modelAreaUm2')])).toBe(p.modelAreaUm2);
      expect(Number(cells[col('cyclesAtBandwidth')])).toBe(p.cyclesAtBandwidth);
      expect(cells[col('pareto')]).toBe(String(p.pareto));
    });
    expect(header[col('modelAreaUm2')]).toBe('modelAreaUm2 [µm²]');
  });

  it('a re-run does no work and leaves the cached jobs untouched; a new axis value computes only its jobs', async () => {
    const points = join(localDir(), 'points');
    const before = new Map(readdirSync(points).map((f) => [f, statSync(join(points, f)).mtimeMs]));
    const first = readFileSync(join(localDir(), 'results.json'), 'utf8');
    const r = await cli('sweep', study, '--out', localDir(), '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ computedJobs: 0, cachedJobs: 12 });
    expect(new Map(readdirSync(points).map((f) => [f, statSync(join(points, f)).mtimeMs]))).toEqual(before);
    expect(readFileSync(join(localDir(), 'results.json'), 'utf8')).toBe(first);

    const wider = join(tmp, 'wider.json');
    writeFileSync(wider, JSON.stringify({ ...STUDY, axes: { ...STUDY.axes, sizes: ['1x1', '2x2', '1x2'] } }));
    const widerDir = join(tmp, 'wider');
    cpSync(localDir(), widerDir, { recursive: true });
    const w = await cli('sweep', wider, '--out', widerDir, '--json', '--jobs', '1');
    expect(w.code, w.err).toBe(0);
    // 1x2 has 2 PEs (above rtlMaxPes): its model and replay jobs only, for both patterns.
    expect(JSON.parse(w.out)).toMatchObject({ computedJobs: 4, cachedJobs: 12 });
  }, 120_000);

  it('cosim points run the TS model against Icarus on both tops', async () => {
    const cos = join(tmp, 'cosim.json');
    writeFileSync(cos, JSON.stringify({ format: 'nmcore-study', version: 1, name: 'cosim', axes: { patterns: ['2:4'], sizes: ['1x1'], organizations: ['engine', 'core'] }, run: ['cosim'] }));
    const r = await cli('sweep', cos, '--out', join(tmp, 'cosim'), '--json');
    expect(r.code, r.err).toBe(0);
    const res = readResults(join(tmp, 'cosim'));
    expect(res.points.map((p) => [p.organization, p.cosimAgree])).toEqual([['engine', true], ['core', true]]);
  }, 60_000);

  it('rejects bad input with one-line errors before any work', async () => {
    const missing = await cli('sweep', join(tmp, 'nope.json'), '--out', join(tmp, 'x'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^.*error\[study_unreadable\]: cannot read study file '.*nope\.json': ENOENT\n$/);
    const url = await cli('sweep', study, '--out', join(tmp, 'x'), '--queue', 'http://127.0.0.1:6379');
    expect(url.code).toBe(1);
    expect(url.err).toBe("error[sweep_bad_queue_url]: --queue must be redis://HOST:PORT[/DB] (e.g. redis://127.0.0.1:6379), not 'http://127.0.0.1:6379'\n");
    const port = await freePort();
    const down = await cli('sweep', study, '--out', join(tmp, 'x'), '--queue', `redis://127.0.0.1:${port}`);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(new RegExp(`^error\\[sweep_queue_unreachable\\]: no Redis answers at redis://127.0.0.1:${port}: ECONNREFUSED; start one with .*redis-server`));
    expect(readdirSync(tmp)).not.toContain('x');
  });
});

interface TestWorker { proc: ChildProcess; log: string; readonly pid: number }

function startWorker(url: string): Promise<TestWorker> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src', 'cli', 'main.ts'), 'worker', '--queue', url, '--lock-seconds', '2'], { cwd: packageRoot(), stdio: ['ignore', 'ignore', 'pipe'] });
  const w: TestWorker = { proc, log: '', pid: proc.pid! };
  return new Promise((resolve, reject) => {
    proc.stderr!.on('data', (d: Buffer) => {
      w.log += d.toString();
      if (w.log.includes('waiting for jobs')) resolve(w);
    });
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${w.log}`)));
  });
}

describe('nmcore sweep --queue with two nmcore worker processes', () => {
  let redis: TestRedis | undefined;
  const workers: TestWorker[] = [];

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await redis?.stop();
  });

  it('completes after a worker is killed mid-job, with the local run\'s results; a re-run does no work', async () => {
    redis = await startRedis();
    workers.push(...await Promise.all([startWorker(redis.url), startWorker(redis.url)]));
    let killed: TestWorker | undefined, killedKey: string | undefined;
    const watch = setInterval(() => {
      if (killed !== undefined) return;
      for (const w of workers) {
        const m = /started (synthesis-[0-9a-f]+)/.exec(w.log);
        if (m) {
          killed = w;
          killedKey = m[1];
          w.proc.kill('SIGKILL');
          return;
        }
      }
    }, 20);
    const dir = join(tmp, 'queued');
    let r;
    try {
      r = await cli('sweep', study, '--out', dir, '--queue', redis.url, '--json');
    } finally {
      clearInterval(watch);
    }
    expect(r.code, r.err).toBe(0);
    expect(killed, 'no worker started a synthesis job').toBeDefined();
    const survivor = workers.find((w) => w !== killed)!;
    expect(survivor.log).toContain(`started ${killedKey}`);
    expect(survivor.log).toContain(`finished ${killedKey}`);
    const stored = JSON.parse(readFileSync(join(dir, 'points', `${killedKey}.json`), 'utf8'));
    expect(stored.ranOn).toMatch(new RegExp(`:${survivor.pid}$`));
    expect(JSON.parse(r.out)).toMatchObject({ computedJobs: 12, cachedJobs: 0 });
    expect(localResults).not.toBe('');
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(localResults);

    const again = await cli('sweep', study, '--out', dir, '--queue', redis.url, '--json');
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ computedJobs: 0, cachedJobs: 12 });
  }, 240_000);
});
