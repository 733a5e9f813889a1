// report.md: the report document as GitHub-flavoured Markdown (readable in a terminal or a pull
// request); plots are linked as the SVG files written beside it (plots/<name>.svg).

import type { Section } from './document.js';

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(title: string, sections: readonly Section[]): string {
  const out: string[] = [`# ${title}`, ''];
  for (const s of sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) {
      switch (b.kind) {
        case 'p': out.push(b.text, ''); break;
        case 'list': out.push(...b.items.map((i) => `- ${i}`), ''); break;
        case 'table':
          out.push(`| ${b.headers.map(esc).join(' | ')} |`, `|${b.headers.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(esc).join(' | ')} |`), '');
          break;
        case 'plot': out.push(`![${b.plot.title}](plots/${b.plot.name}.svg)`, '', `*${b.plot.title}.* ${b.plot.caption} (spec: specs/${b.plot.name}.vl.json)`, ''); break;
      }
    }
  }
  return out.join('\n');
}
