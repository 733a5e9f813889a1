// Chevrotain parser for the headers of the rtl-templates/ modules: name, parameters with defaults,
// ANSI ports with ranges, and the body's localparams (LATENCY among them). The generator uses the
// result to check every instance it writes (parameters exist, every port connected once, widths
// equal) and to read each template's declared latency; the body is otherwise skipped.

import { createToken, EmbeddedActionsParser, Lexer, type IToken, type TokenType } from 'chevrotain';
import type { WidthExpr } from './width_expr.js';

// ---------------------------------------------------------------- lexer
const BodyToken = createToken({ name: 'BodyToken', pattern: Lexer.NA });
const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_$]*/, categories: [BodyToken] });
const kw = (word: string, inBody = true): TokenType =>
  createToken({ name: `Kw_${word}`, pattern: new RegExp(`${word}\\b`), longer_alt: Identifier, categories: inBody ? [BodyToken] : [] });
const Module = kw('module', false);
const Endmodule = kw('endmodule', false);
const Localparam = kw('localparam', false);
const Parameter = kw('parameter');
const Integer = kw('integer');
const Input = kw('input');
const Output = kw('output');
const Inout = kw('inout');
const Wire = kw('wire');
const Reg = kw('reg');
const Signed = kw('signed');
const Clog2 = createToken({ name: 'Clog2', pattern: /\$clog2\b/, categories: [BodyToken] });
const SystemName = createToken({ name: 'SystemName', pattern: /\$[A-Za-z_][A-Za-z0-9_]*/, categories: [BodyToken] });
const SizedNumber = createToken({ name: 'SizedNumber', pattern: /\d*'[sS]?[bBoOdDhH][0-9a-fA-FxXzZ_?]+/, categories: [BodyToken] });
const Number = createToken({ name: 'Number', pattern: /\d+/, categories: [BodyToken] });
const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\]|\\.)*"/, categories: [BodyToken] });
const Hash = createToken({ name: 'Hash', pattern: /#/, categories: [BodyToken] });
const LParen = createToken({ name: 'LParen', pattern: /\(/, categories: [BodyToken] });
const RParen = createToken({ name: 'RParen', pattern: /\)/, categories: [BodyToken] });
const LBracket = createToken({ name: 'LBracket', pattern: /\[/, categories: [BodyToken] });
const RBracket = createToken({ name: 'RBracket', pattern: /\]/, categories: [BodyToken] });
const Comma = createToken({ name: 'Comma', pattern: /,/, categories: [BodyToken] });
const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, categories: [BodyToken] });
const Colon = createToken({ name: 'Colon', pattern: /:/, categories: [BodyToken] });
const Equals = createToken({ name: 'Equals', pattern: /=/, categories: [BodyToken] });
const Plus = createToken({ name: 'Plus', pattern: /\+/, categories: [BodyToken] });
const Minus = createToken({ name: 'Minus', pattern: /-/, categories: [BodyToken] });
const Star = createToken({ name: 'Star', pattern: /\*/, categories: [BodyToken] });
const Slash = createToken({ name: 'Slash', pattern: /\//, categories: [BodyToken] });
const Percent = createToken({ name: 'Percent', pattern: /%/, categories: [BodyToken] });
const OtherPunct = createToken({ name: 'OtherPunct', pattern: /[^\s]/, categories: [BodyToken] });

// Order matters: comments before Slash, keywords before Identifier, $clog2 before other $names.
const ALL_TOKENS: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, Module, Endmodule, Localparam, Parameter, Integer, Input, Output, Inout, Wire, Reg,
  Signed, Identifier, Clog2, SystemName, SizedNumber, Number, StringLit, Hash, LParen, RParen, LBracket, RBracket, Comma,
  Semicolon, Colon, Equals, Plus, Minus, Star, Slash, Percent, OtherPunct, BodyToken,
];
const templateLexer = new Lexer(ALL_TOKENS, { ensureOptimizations: false, positionTracking: 'full' });

// ---------------------------------------------------------------- result types
export interface TemplateParam { readonly name: string; readonly defaultValue: WidthExpr }
export interface TemplatePort {
  readonly name: string;
  readonly direction: 'input' | 'output' | 'inout';
  readonly signed: boolean;
  /** [msb:lsb]; undefined for a 1-bit port. */
  readonly range?: { readonly msb: WidthExpr; readonly lsb: WidthExpr };
}
export interface TemplateHeader {
  readonly module: string;
  readonly params: readonly TemplateParam[];
  readonly ports: readonly TemplatePort[];
  readonly localparams: readonly TemplateParam[];
}

// ---------------------------------------------------------------- parser
class TemplateHeaderParser extends EmbeddedActionsParser {
  constructor() {
    super(ALL_TOKENS, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  public moduleDecl = this.RULE('moduleDecl', (): TemplateHeader => {
    this.CONSUME(Module);
    const module = this.CONSUME(Identifier).image;
    let params: TemplateParam[] = [];
    this.OPTION(() => { params = this.SUBRULE(this.paramList); });
    const ports = this.SUBRULE(this.portList);
    this.CONSUME(Semicolon);
    const localparams = this.SUBRULE(this.body);
    return { module, params, ports, localparams };
  });

  private paramList = this.RULE('paramList', (): TemplateParam[] => {
    const out: TemplateParam[] = [];
    this.CONSUME(Hash);
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => { out.push(this.SUBRULE(this.paramDecl)); } });
    this.CONSUME(RParen);
    return out;
  });

  private paramDecl = this.RULE('paramDecl', (): TemplateParam => {
    this.CONSUME(Parameter);
    this.OPTION(() => this.CONSUME(Integer));
    const name = this.CONSUME(Identifier).image;
    this.CONSUME(Equals);
    return { name, defaultValue: this.SUBRULE(this.expr) };
  });

  private portList = this.RULE('portList', (): TemplatePort[] => {
    const out: TemplatePort[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => { out.push(this.SUBRULE(this.portDecl)); } });
    this.CONSUME(RParen);
    return out;
  });

  private portDecl = this.RULE('portDecl', (): TemplatePort => {
    const dir = this.OR([
      { ALT: () => this.CONSUME(Input).image },
      { ALT: () => this.CONSUME(Output).image },
      { ALT: () => this.CONSUME(Inout).image },
    ]) as TemplatePort['direction'];
    this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(Wire) }, { ALT: () => this.CONSUME(Reg) }]));
    let signed = false;
    this.OPTION2(() => { this.CONSUME(Signed); signed = true; });
    let range: TemplatePort['range'];
    this.OPTION3(() => { range = this.SUBRULE(this.range); });
    const name = this.CONSUME(Identifier).image;
    return range === undefined ? { name, direction: dir, signed } : { name, direction: dir, signed, range };
  });

  private range = this.RULE('range', (): { msb: WidthExpr; lsb: WidthExpr } => {
    this.CONSUME(LBracket);
    const msb = this.SUBRULE(this.expr);
    this.CONSUME(Colon);
    const lsb = this.SUBRULE2(this.expr);
    this.CONSUME(RBracket);
    return { msb, lsb };
  });

  /** Module body: localparam declarations are kept, every other token skipped, up to endmodule. */
  private body = this.RULE('body', (): TemplateParam[] => {
    const out: TemplateParam[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => { out.push(this.SUBRULE(this.localparamDecl)); } },
        { ALT: () => { this.CONSUME(BodyToken); } },
      ]);
    });
    this.CONSUME(Endmodule);
    return out;
  });

  private localparamDecl = this.RULE('localparamDecl', (): TemplateParam => {
    this.CONSUME(Localparam);
    this.OPTION(() => this.CONSUME(Integer));
    const name = this.CONSUME(Identifier).image;
    this.CONSUME(Equals);
    const defaultValue = this.SUBRULE(this.expr);
    this.CONSUME(Semicolon);
    return { name, defaultValue };
  });

  private expr = this.RULE('expr', (): WidthExpr => {
    let left = this.SUBRULE(this.term);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]).image as '+' | '-';
      const right = this.SUBRULE2(this.term);
      left = { kind: 'bin', op, left, right };
    });
    return left;
  });

  private term = this.RULE('term', (): WidthExpr => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(Star) }, { ALT: () => this.CONSUME(Slash) }, { ALT: () => this.CONSUME(Percent) },
      ]).image as '*' | '/' | '%';
      const right = this.SUBRULE2(this.unary);
      left = { kind: 'bin', op, left, right };
    });
    return left;
  });

  private unary = this.RULE('unary', (): WidthExpr => this.OR([
    { ALT: () => { this.CONSUME(Minus); return { kind: 'neg', operand: this.SUBRULE(this.primary) } as WidthExpr; } },
    { ALT: () => this.SUBRULE2(this.primary) },
  ]));

  private primary = this.RULE('primary', (): WidthExpr => this.OR([
    { ALT: () => ({ kind: 'num', value: globalThis.Number.parseInt(this.CONSUME(Number).image, 10) }) as WidthExpr },
    { ALT: () => ({ kind: 'ref', name: this.CONSUME(Identifier).image }) as WidthExpr },
    {
      ALT: () => {
        this.CONSUME(Clog2);
        this.CONSUME(LParen);
        const operand = this.SUBRULE(this.expr);
        this.CONSUME(RParen);
        return { kind: 'clog2', operand } as WidthExpr;
      },
    },
    {
      ALT: () => {
        this.CONSUME2(LParen);
        const e = this.SUBRULE2(this.expr);
        this.CONSUME2(RParen);
        return e;
      },
    },
  ]));
}

const parser = new TemplateHeaderParser();

export interface HeaderParseResult {
  readonly header?: TemplateHeader;
  /** `file:line:col: message` for each lexing or parsing error. */
  readonly errors: readonly string[];
}

function at(file: string, token: Pick<IToken, 'startLine' | 'startColumn'> | undefined): string {
  return `${file}:${token?.startLine ?? 0}:${token?.startColumn ?? 0}`;
}

/** Parses one template file's text (a single module). Never throws on bad text. */
export function parseTemplateHeader(text: string, file = '<template>'): HeaderParseResult {
  const lexed = templateLexer.tokenize(text);
  const errors = lexed.errors.map((e) => `${file}:${e.line ?? 0}:${e.column ?? 0}: unexpected character '${text.substr(e.offset, e.length)}'`);
  // Anything before `module` (e.g. `timescale) is not part of the header.
  const start = lexed.tokens.findIndex((t) => t.tokenType === Module);
  parser.input = start >= 0 ? lexed.tokens.slice(start) : lexed.tokens;
  const header = parser.moduleDecl();
  for (const e of parser.errors) errors.push(`${at(file, e.token)}: ${e.message}`);
  return errors.length > 0 ? { errors } : { header, errors };
}
