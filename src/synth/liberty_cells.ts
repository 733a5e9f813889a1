// Reads the cell list of a small Liberty file (name, area, sequential or not) and locates the
// library nmcore ships. It is enough for nmcore's own libraries (tech/nangate45/); it is
// not a general Liberty parser (no timing groups, no bus pins, no escapes inside strings).

import { readFileSync } from 'node:fs';
import { packagePath } from '../io/package_root.js';

/** One cell of a Liberty library. */
export interface LibertyCell {
  readonly name: string;
  /** The cell's `area` attribute; µm² for nmcore's library. */
  readonly areaUm2: number;
  /** True when the cell holds an `ff` or `latch` group. */
  readonly sequential: boolean;
}

/** The library nmcore synthesizes against by default. */
export const DEFAULT_LIBERTY_NAME = 'nmcore_nangate45';

/** Absolute path of tech/nangate45/nmcore_nangate45.lib. */
export function defaultLibertyPath(): string {
  return packagePath('tech', 'nangate45', `${DEFAULT_LIBERTY_NAME}.lib`);
}

/** The library of the delay mapping (flow option `timing`): the default cells plus NAND3, NOR3, AOI22, OAI22. */
export const DELAY_LIBERTY_NAME = 'nmcore_nangate45_delay';

/** Absolute path of tech/nangate45/nmcore_nangate45_delay.lib. */
export function defaultDelayLibertyPath(): string {
  return packagePath('tech', 'nangate45', `${DELAY_LIBERTY_NAME}.lib`);
}

let defaultText: string | undefined;
let delayText: string | undefined;

/** Text of the default library, read once per process. */
export function defaultLibertyText(): string {
  defaultText ??= readFileSync(defaultLibertyPath(), 'utf8');
  return defaultText;
}

/** Text of the delay-mapping library, read once per process. */
export function defaultDelayLibertyText(): string {
  delayText ??= readFileSync(defaultDelayLibertyPath(), 'utf8');
  return delayText;
}

/** Cells of a Liberty text in file order. Throws on a cell without a numeric area. */
export function parseLibertyCells(text: string): LibertyCell[] {
  const src = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  const cells: LibertyCell[] = [];
  const head = /\bcell\s*\(\s*"?([A-Za-z0-9_$.]+)"?\s*\)\s*\{/g;
  for (let m = head.exec(src); m !== null; m = head.exec(src)) {
    const bodyStart = head.lastIndex;
    let depth = 1;
    let i = bodyStart;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === '{') depth++;
      else if (src[i] === '}') depth--;
    }
    const body = src.slice(bodyStart, i - 1);
    let top = body; // attributes of the cell itself: drop nested groups (pins, ff), innermost first
    for (let prev = ''; prev !== top; ) [prev, top] = [top, top.replace(/\{[^{}]*\}/g, ' ')];
    const area = /\barea\s*:\s*([0-9.eE+-]+)\s*;/.exec(top);
    if (area === null || !Number.isFinite(Number(area[1]))) throw new Error(`liberty cell ${m[1]} has no numeric area`);
    cells.push({ name: m[1]!, areaUm2: Number(area[1]), sequential: /\b(ff|latch)\s*\(/.test(body) });
    head.lastIndex = i;
  }
  return cells;
}
