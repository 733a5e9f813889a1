// report.html opened in headless Chromium: the page loads with no network, a small inline script
// reports each plot's box, a screenshot is taken, and every plot must be drawn: enough
// non-background pixels inside its box, and the SVG marks its spec asks for in the DOM.
// Skipped with a SKIPPED line when chromium is missing (bash .ci/install-tools installs it).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture } from './fixture.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => spawnSync(p, ['--version'], { encoding: 'utf8' }).status === 0);
if (CHROMIUM === undefined) console.log('SKIPPED: report.html rendering test: chromium not found; install it with bash .ci/install-tools');

const WIDTH = 1280;

function chromium(profile: string, args: string[]): string {
  const r = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

interface Box { x: number; y: number; width: number; height: number; marks: number }

/** The plots each report must draw, and the data-mark groups (Vega's `mark-<type> role-mark`) each must hold (ticks render as rects). */
const EXPECTED: Record<string, string[]> = {
  pareto: ['line', 'symbol', 'text'],
  area_breakdown: ['rect'],
  error_per_layer: ['rect', 'text'],
  criteria_mitigations: ['rect', 'text'],
  utilization: ['rect', 'rect'],
  bytes_per_layer: ['rect'],
  roofline: ['rect', 'rule'],
  area_over_sizes: ['line', 'symbol'],
  mode_schedule: ['symbol', 'text'],
  measured_vs_proxy: ['symbol', 'text'],
};

describe.skipIf(CHROMIUM === undefined)('report.html in headless Chromium', () => {
  let f: Fixture;
  let profile: string;
  let dom = '';
  let boxes: Record<string, Box> & { __page: { width: number; height: number } };
  let png: PNG;
  beforeAll(async () => {
    f = await buildFixture();
    profile = mkdtempSync(join(tmpdir(), 'nmcore-chromium-'));
    const url = `file://${join(f.out, 'report.html')}`;
    dom = chromium(profile, ['--dump-dom', `--window-size=${WIDTH},900`, url]);
    boxes = JSON.parse(/<pre id="plot-boxes">([^<]*)<\/pre>/.exec(dom)![1]!.replace(/&quot;/g, '"'));
    const shot = join(profile, 'report.png');
    chromium(profile, [`--screenshot=${shot}`, `--window-size=${WIDTH},${Math.ceil(boxes.__page.height)}`, url]);
    png = PNG.sync.read(readFileSync(shot));
  }, 180_000);
  afterAll(() => {
    f?.cleanup();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('the page is self-contained: no http(s) resources', () => {
    const html = readFileSync(join(f.out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src="http/);
    expect(html.match(/https?:\/\/(?!www\.w3\.org)[^\s"')]+/g) ?? []).toEqual([]);
  });

  it.each(Object.keys(EXPECTED))('plot %s is drawn: pixels in its box and its SVG marks in the DOM', (name) => {
    const box = boxes[name];
    expect(box, `plot ${name} missing from the page`).toBeDefined();
    expect(box!.width * box!.height).toBeGreaterThan(100 * 100);
    const fig = dom.slice(dom.indexOf(`<figure id="plot-${name}"`), dom.indexOf('</figure>', dom.indexOf(`<figure id="plot-${name}"`)));
    for (const mark of new Set(EXPECTED[name]!)) {
      const want = EXPECTED[name]!.filter((m) => m === mark).length;
      expect(fig.split(`class="mark-${mark} role-mark`).length - 1, `${name}: groups of ${mark} marks`).toBeGreaterThanOrEqual(want);
    }
    // Non-background pixels: differ from white by more than a little, inside the plot's box.
    let ink = 0, colored = 0, total = 0;
    const x0 = Math.max(0, Math.floor(box!.x)), y0 = Math.max(0, Math.floor(box!.y));
    const x1 = Math.min(png.width, Math.ceil(box!.x + box!.width)), y1 = Math.min(png.height, Math.ceil(box!.y + box!.height));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      const r = png.data[i]!, g = png.data[i + 1]!, b = png.data[i + 2]!;
      total++;
      if (255 * 3 - (r + g + b) > 60) ink++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) colored++;
    }
    expect(total).toBeGreaterThan(0);
    expect(ink / total, `${name}: share of drawn pixels`).toBeGreaterThan(0.02);
    expect(colored, `${name}: coloured pixels (data marks, not just axes)`).toBeGreaterThan(200);
  });
});
