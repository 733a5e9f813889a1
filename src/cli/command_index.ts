// The one-line entry of every command as `nmcore --help` lists it (term and description), so that the
// top-level help and --version load no command module. Must match the commands' own registrations:
// test/cli/help_lazy.test.ts compares this list's help with the fully registered program's, and
// fails (saying which line) when a command or its description changes without this file.

export interface CommandEntry {
  readonly name: string;
  /** What the help's Commands list shows for it: name, [options], arguments. */
  readonly term: string;
  readonly description: string;
}

export const COMMAND_INDEX: readonly CommandEntry[] = [
  { name: 'generate', term: 'generate [options]', description: 'write the Verilog of nm_engine and nm_engine_core and their manifest.json into a directory' },
  { name: 'presets', term: 'presets [options]', description: 'list the named engine descriptions' },
  { name: 'ir', term: 'ir [options]', description: 'print the elaborated engine: every derived number, stage and resource count' },
  { name: 'verify', term: 'verify [options]', description: 'lint the generated RTL (Verilator -Wall) and simulate it on random data and stalls against the contract (values, latency, throughput, reset)' },
  { name: 'cosim', term: 'cosim [options]', description: 'run the TypeScript cycle model and the generated RTL on the same random stimulus and compare them cycle by cycle' },
  { name: 'simulate', term: 'simulate [options]', description: 'replay the layers of an activation trace through an engine: cycles, stalls, MAC utilization, speedup over dense, bytes per operand, energy per layer and per token' },
  { name: 'area', term: 'area [options]', description: 'estimate area (um^2), ns per stage, fmax (MHz) and logic depth (gate levels) with the analytic models (instant)' },
  { name: 'synth', term: 'synth [options]', description: 'synthesize every component and the whole top with Yosys, area and ns per stage, and compare with the models (slow; progress on stderr)' },
  { name: 'compare', term: 'compare [options]', description: 'the 2:4, 4:8, 8:16, 16:32 and dense engines side by side: where the area goes (model)' },
  { name: 'synth-module', term: 'synth-module [options] <files...>', description: "synthesize any Verilog module with nmcore's Yosys flow and NanGate45-based library: area (um^2), cells, transistors, depth" },
  { name: 'trace', term: 'trace', description: 'inspect activation traces (.safetensors, .npy, .npz) and generate synthetic ones' },
  { name: 'report', term: 'report [options]', description: 'the area-versus-accuracy trade-off report: accuracy on traces per pattern, criterion and mitigation, cost from the simulator and the model, a recommendation' },
  { name: 'sweep', term: 'sweep [options] <study>', description: 'run a design-space study (docs/sweep.md) locally or through a Redis job queue, and write the combined report' },
  { name: 'worker', term: 'worker [options]', description: 'take sweep jobs from a Redis job queue (BullMQ) and run them, until SIGINT or SIGTERM' },
  { name: 'demo', term: 'demo [options]', description: 'run the main job on the built-in nm8of16_r4c4 engine: generate, lint, verify, cosim, replay a trace, area' },
];
