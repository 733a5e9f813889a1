// report.html: one self-contained page (no network, no external script or style) with every plot
// inlined as SVG inside a fixed-size <figure id="plot-<name>">. A small inline script writes each
// plot's bounding box into <pre id="plot-boxes"> so a headless browser test can find the plots.

import type { Section } from './document.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const inline = (s: string): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** Cells that hold only a number (with unit marks) are right-aligned. */
const NUMERIC = /^[-+\d.,%()x /]+$/;

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#222;background:#fff;line-height:1.4}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;font-size:12px;margin:8px 0 16px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}
th{background:#f4f4f4}figure{margin:12px 0 24px;display:inline-block}
figcaption{font-size:12px;color:#555;max-width:760px}.plot{display:inline-block}code{font-size:12px;background:#f4f4f4}
#plot-boxes{display:none}.table{overflow-x:auto;max-width:100%}`;

const SCRIPT = `(function(){var o={};document.querySelectorAll('figure[data-plot]').forEach(function(f){var s=f.querySelector('svg');var r=(s||f).getBoundingClientRect();o[f.dataset.plot]={x:r.left+window.scrollX,y:r.top+window.scrollY,width:r.width,height:r.height,marks:f.querySelectorAll('svg path, svg rect, svg line, svg text, svg circle').length}});o.__page={width:document.documentElement.scrollWidth,height:document.documentElement.scrollHeight};document.getElementById('plot-boxes').textContent=JSON.stringify(o);})();`;

export function renderHtml(title: string, sections: readonly Section[], svgs: ReadonlyMap<string, string>): string {
  const body: string[] = [`<h1>${esc(title)}</h1>`];
  for (const s of sections) {
    body.push(`<section id="${s.id}"><h2>${esc(s.title)}</h2>`);
    for (const b of s.blocks) {
      switch (b.kind) {
        case 'p': body.push(`<p>${inline(b.text)}</p>`); break;
        case 'list': body.push(`<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`); break;
        case 'table':
          body.push(`<div class="table"><table><thead><tr>${b.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td${NUMERIC.test(c) ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`);
          break;
        case 'plot':
          body.push(`<figure id="plot-${b.plot.name}" data-plot="${b.plot.name}"><div class="plot">${svgs.get(b.plot.name) ?? ''}</div><figcaption><b>${esc(b.plot.title)}.</b> ${esc(b.plot.caption)} Spec: specs/${b.plot.name}.vl.json.</figcaption></figure>`);
          break;
      }
    }
    body.push('</section>');
  }
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n<pre id="plot-boxes"></pre>\n<script>${SCRIPT}</script>\n</body></html>\n`;
}
