// Renders a Vega-Lite spec to SVG text in Node: compile to Vega, run a headless vega.View
// (renderer 'none', no canvas, no network), toSVG(). Data must be inlined in the spec.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
