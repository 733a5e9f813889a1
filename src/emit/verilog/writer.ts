// Indent-aware line writer for generated Verilog: the output model the emitters append to, so
// no emitter concatenates raw strings with hand-counted spaces.

export class VerilogWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ''): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  comment(text: string): this {
    for (const l of text.split('\n')) this.line(`// ${l}`.trimEnd());
    return this;
  }

  indent(body: () => void): this {
    this.depth++;
    try {
      body();
    } finally {
      this.depth--;
    }
    return this;
  }

  /** Lines joined with '\n', ending in one newline. */
  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
