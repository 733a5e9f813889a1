// Import directions of nmcore's layers, enforced in `npm test` (npm run lint:layers). Each rule
// forbids one wrong-way dependency; docs/architecture.md draws the same picture. Type-only imports
// count (tsPreCompilationDeps), so a layer cannot lean on another even for its types.
/** @type {import('dependency-cruiser').IConfiguration} */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    forbid('cli-is-the-top', 'only the CLI imports the CLI: computation and presentation never depend on option parsing', '^(src/(?!cli/)|sim/)', '^src/cli/'),
    forbid('report-is-presentation', 'nothing computational imports the presentation layer (src/report/)', '^(src/(?!cli/|report/)|sim/)', '^src/report/'),
    forbid('ir-reads-only-the-description', 'the IR is elaborated from the description alone: no view, tool or simulator below it', '^src/ir/', '^(src/(emit|model|synth|trace|ref|report|cli)/|sim/)'),
    forbid('config-is-the-base', 'descriptions depend on nothing but diagnostics and utilities', '^src/config/', '^(src/(?!config/|diagnostics/|util/)|sim/)'),
    forbid('model-not-emit', 'the cost models read the IR (and, to be calibrated, synthesis results and library facts); they never import the emitter', '^src/model/', '^src/emit/'),
    forbid('synth-not-model', 'synthesis does not import the cost models: the model reads synthesis, never the reverse (no model <-> synth cycle)', '^src/synth/', '^src/model/'),
    forbid('trace-not-engine', 'trace readers and tools do not depend on engines, views or simulators', '^src/trace/', '^(src/(ir|emit|model|synth|ref)/|sim/)'),
    forbid('src-not-sim', 'the library below the CLI, report and sweep does not import the simulators', '^src/(?!cli/|report/|sweep/)', '^sim/'),
    forbid('sweep-is-orchestration', 'a sweep runs every view; only the CLI and the presentation layer import it', '^(src/(?!cli/|report/|sweep/)|sim/)', '^src/sweep/'),
    forbid('cycle-model-alone', 'the cycle model evaluates the IR; it does not import the RTL backends, the replay or the backend selection', '^sim/cycle/', '^sim/(rtl|replay|backends)/'),
    forbid('scenario-is-backend-neutral', 'stimulus, workloads and checking serve every backend and import none', '^sim/scenario/', '^sim/(cycle|rtl|replay|backends)/'),
    forbid('rtl-not-cycle-model', 'the RTL backends do not import the cycle model or the replay', '^sim/rtl/', '^sim/(cycle|replay|backends)/'),
    forbid('replay-is-analytic', 'the layer replay is analytic: it uses none of the cycle model, the backends or the RTL', '^sim/replay/', '^sim/(cycle|rtl|scenario|backends)/'),
    { name: 'no-circular', comment: 'no import cycles', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
