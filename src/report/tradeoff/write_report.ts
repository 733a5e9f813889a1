// The files of a trade-off report, built in memory: report.json, report.md, report.html (SVG
// inlined), specs/<plot>.vl.json and plots/<plot>.svg. The caller writes them all or nothing.

import type { TradeoffReport } from './build_report.js';
import { reportDocument } from './document.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './render_svg.js';
import { reportPlots } from './vl_specs.js';

export const REPORT_TITLE = 'nmcore trade-off report: N:M activation sparsity, area vs accuracy';

export async function reportFiles(r: TradeoffReport): Promise<Map<string, string>> {
  const plots = reportPlots(r);
  const svgs = new Map<string, string>();
  for (const p of plots) svgs.set(p.name, await renderSvg(p.spec));
  const doc = reportDocument(r, plots);
  const files = new Map<string, string>([
    ['report.json', JSON.stringify(r, null, 1) + '\n'],
    ['report.md', renderMarkdown(REPORT_TITLE, doc)],
    ['report.html', renderHtml(REPORT_TITLE, doc, svgs)],
  ]);
  for (const p of plots) {
    files.set(`specs/${p.name}.vl.json`, JSON.stringify(p.spec, null, 1) + '\n');
    files.set(`plots/${p.name}.svg`, svgs.get(p.name)!);
  }
  return files;
}
