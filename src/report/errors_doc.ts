// docs/errors.md from the error catalogue: one table row per code (severity, exit code, message
// shape, what to do). test/errors/catalogue.test.ts checks the file equals this text.

import { CATALOGUE } from '../diagnostics/catalogue.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function errorsMarkdown(): string {
  const rows = Object.entries(CATALOGUE).map(([code, e]) =>
    `| \`${code}\` | ${e.severity} | ${e.exit} | ${e.reach} | ${cell(e.message)} | ${cell(e.fix)} |`);
  return `# nmcore errors

Every problem nmcore reports on bad input has a stable code from one catalogue
(\`src/diagnostics/catalogue.ts\`); this page is generated from it (a test keeps the two equal; rewrite it with
\`UPDATE_DOCS=1 npx vitest run test/errors/catalogue.test.ts\`).

A command prints each problem as one line, \`file: error[code]: message\`, on stderr and exits 1. Under
\`--json\` it prints instead, on stdout, \`{"error": {"code", "severity", "message", "fix", "field"?, "file"?},
"diagnostics": [...]}\` (every problem found, the first error in \`error\`). Exit 2 (\`internal error\`, code
\`internal_error\` under --json) is a bug in nmcore: please report it. Warnings never change the exit code.
A check that could not run (e.g. lint without Verilator) is reported as not run and the command exits 1;
it is never reported as passed. INT and TERM stop the tools a command runs and remove its temporaries
(exit 130 and 143). A reader that closes stdout early (\`| head\`) ends the command quietly.

Output folders and files are written all or nothing: staged inside the target folder (so a rename never
crosses filesystems), existing files moved aside, the whole set placed, and everything put back on any
failure. \`generate\` also removes \`nm_*.v\` files of an earlier, different engine in the folder and says
which. The Verilator build cache is \`$NMCORE_CACHE_DIR\`, else \`$XDG_CACHE_HOME/nmcore\`, else
\`~/.cache/nmcore\`.

\`reach\`: \`cli\`, a command reaches it on bad input (each has a test that does); \`api\`, only the library
entry points do (the CLI builds that input itself).

| code | severity | exit | reach | message | what to do |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
}
