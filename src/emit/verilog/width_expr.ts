// Constant integer expressions of Verilog template headers (port ranges, parameter defaults,
// localparams): the AST the header parser builds and its evaluator, with Verilog's integer
// semantics for + - * / % and $clog2. Used to check every instantiation's port widths.

import { clog2 } from '../../util/clog2.js';

export type WidthExpr =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'neg'; readonly operand: WidthExpr }
  | { readonly kind: 'bin'; readonly op: '+' | '-' | '*' | '/' | '%'; readonly left: WidthExpr; readonly right: WidthExpr }
  | { readonly kind: 'clog2'; readonly operand: WidthExpr };

/** Verilog's $clog2 (0 for 0 and 1). */
export function clog2Verilog(x: number): number {
  return clog2(Math.max(0, Math.trunc(x)));
}

/** Evaluates with 32-bit-integer-like semantics (truncating division). Throws on an unknown name. */
export function evaluateWidthExpr(e: WidthExpr, env: ReadonlyMap<string, number>): number {
  switch (e.kind) {
    case 'num': return e.value;
    case 'ref': {
      const v = env.get(e.name);
      if (v === undefined) throw new Error(`unknown parameter ${e.name}`);
      return v;
    }
    case 'neg': return -evaluateWidthExpr(e.operand, env);
    case 'clog2': return clog2Verilog(evaluateWidthExpr(e.operand, env));
    case 'bin': {
      const l = evaluateWidthExpr(e.left, env);
      const r = evaluateWidthExpr(e.right, env);
      switch (e.op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': if (r === 0) throw new Error('division by zero'); return Math.trunc(l / r);
        case '%': if (r === 0) throw new Error('division by zero'); return l % r;
      }
    }
  }
}

export function printWidthExpr(e: WidthExpr): string {
  switch (e.kind) {
    case 'num': return String(e.value);
    case 'ref': return e.name;
    case 'neg': return `-${printWidthExpr(e.operand)}`;
    case 'clog2': return `$clog2(${printWidthExpr(e.operand)})`;
    case 'bin': return `(${printWidthExpr(e.left)}${e.op}${printWidthExpr(e.right)})`;
  }
}
