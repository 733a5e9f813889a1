// Renders a Vega-Lite spec to SVG text in Node: compile to Vega, run a headless vega.View
// (renderer 'none', no canvas, no network), toSVG(). Data must be inlined in the spec.

import type { TopLevelSpec } from 'vega-lite';

/** Vega and Vega-Lite are imported on the first plot only: nothing else in nmcore needs them. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
