// The catalogue of every diagnostic code nmcore reports: for each code its severity, exit code,
// message template (placeholders in <angle brackets>), what the user can do about it, and whether
// the CLI reaches it or only the library API does. No code is built at run time: `error()` and
// `warning()` accept only these keys, so a new code must be added here (and docs/errors.md, which a
// test checks against this file).

export interface CatalogueEntry {
  readonly severity: 'error' | 'warning';
  /** Process exit code when this is the reason a command stops (warnings never stop one). */
  readonly exit: 0 | 1;
  /** The message shape; the real message fills in the field, value and rule. */
  readonly message: string;
  /** What the user can do. */
  readonly fix: string;
  /** `cli`: a command reaches it on bad input; `api`: only the library entry points (a CLI caller never builds such input). */
  readonly reach: 'cli' | 'api';
}

const e = (message: string, fix: string, reach: 'cli' | 'api' = 'cli'): CatalogueEntry => ({ severity: 'error', exit: 1, message, fix, reach });
const w = (message: string, fix: string): CatalogueEntry => ({ severity: 'warning', exit: 0, message, fix, reach: 'cli' });

export const CATALOGUE = {
  // Command-line options.
  cli_usage: e('<commander message: unknown option, missing argument, unknown command>', 'run the command with --help for its options'),
  cli_bad_number: e('<flag> must be a whole number from <lo> to <hi> | a positive number (e.g. 64, 1e3, .5), not <text>', 'give a number in the stated range; 1e3 and .5 are accepted'),
  cli_bad_pool: e('--pool must be 0, 1 or 2, not <text>', 'use --pool 0 (no pool), 1 or 2 Yosys workers'),
  cli_bad_size: e('--sizes entry <s> must be RxC with R and C in 1..64', 'write sizes as a comma list such as 8x8,16x16'),
  cli_bad_whole: e('--whole must be auto, always or never, not <text>', 'use --whole auto, always or never'),
  cli_config_not_json: e('config file <path> is not valid JSON: <parser message>', 'fix the JSON (a trailing comma or a comment is a common cause)'),
  cli_config_unreadable: e('cannot read config file <path>: <errno>', 'check the path and its permissions'),
  cli_mode_not_in_engine: e('--mode <n:m> is not a mode of this engine (modes: <list>)', 'pick one of the modes listed, or describe an engine with that mode'),
  cli_repeated_id: e('<flag> names <id> twice', 'name each id once'),
  cli_unknown_id: e('<flag> <id> is not one of <list>', 'use one of the ids listed'),
  cli_unknown_preset: e('unknown preset <name> (known: <list>)', 'run `nmcore presets` for the names'),
  cli_unknown_basis: e('--basis must be lanes or window, not <text>', 'use --basis lanes or window'),
  cli_unknown_top: e('--top must be one of <list>, not <text>', 'use one of the tops listed'),
  cli_unknown_simulator: e('--simulator must be one of <list>, not <text>', 'use one of the simulators listed'),
  cli_unknown_scenario: e('--scenario must be one of <list>, not <text>', 'use one of the scenarios listed (quote names with spaces)'),
  // Engine descriptions.
  config_not_object: e('an engine description must be a JSON object, not <value>', 'write the description as {"pattern": "8:16", "rows": 4, "cols": 4}'),
  config_unknown_field: e('unknown field <key> (known: <list>)', 'remove the field or fix its spelling'),
  config_missing_field: e('<field> is required', 'add the field (rows and cols have no default)'),
  config_missing_pattern: e('no pattern given: set `pattern`, or `n` and `m`', 'add "pattern": "8:16" or --pattern 8:16'),
  config_pattern_conflict: e('`pattern` and `n`/`m` both given', 'give either pattern or n and m'),
  config_pattern_syntax: e('<field> must be written N:M with whole numbers, not <text>', 'write the pattern as two whole numbers, e.g. 8:16'),
  config_m_not_legal: e('<field> group size m must be one of 2, 4, 8, 16, 32, 64, not <m>', 'choose a power-of-two group size from 2 to 64'),
  config_n_out_of_range: e('<field> kept count n must be a whole number of at least 1, not <n>', 'keep at least one value per group'),
  config_n_exceeds_m: e('<field> kept count n must be at most m (<m>), not <n>', 'choose n <= m (n = m is the dense reference)'),
  config_not_integer: e('<field> must be a whole number, not <value>', 'give a whole number (numbers beyond 1e308 such as 1e400 are not numbers)'),
  config_window_not_multiple_of_m: e('`window` must be a multiple of m (<m>), not <window>', 'choose a window of k * m channels'),
  config_meta_unknown: e('`meta` must be one of index, bitmask, not <value>', 'use "index" or "bitmask"'),
  config_modes_not_list: e('`modes` must be a non-empty list of patterns, not <value>', 'write modes as ["8:16", "4:8"]'),
  config_modes_first_differs: e('the first of `modes` must equal the default pattern', 'list the default pattern first'),
  config_mode_m_not_dividing_window: e('`modes[i]`: m must divide the window (<window>)', 'choose modes whose m divides the window'),
  config_mode_lanes_differ: e('`modes[i]` gives <lanes> lanes; every mode must give the default lane count', 'choose modes with the same n/m ratio times the window'),
  config_mode_duplicate: e('`modes[<i>]` (<n:m>) is listed twice', 'list each mode once'),
  config_flexible_dense: e('a flexible engine needs sparse modes: <n:m> keeps every channel', 'give sparse modes of equal density, e.g. 2:4,4:8,8:16,16:32'),
  config_org_unknown: e('`org` must be one of rank, bitonic, not <value>', 'use --org rank or --org bitonic'),
  config_org_without_modes: e('`org` (<org>) chooses the selection hardware of a flexible engine: give at least two `modes`', 'add --modes, or leave --org out'),
  config_org_bitonic_needs_half: e('`org` bitonic selects the top half of each group: every mode must keep n = m/2, not <n:m>', 'use --org rank, or modes with n = m/2'),
  config_schedule_invalid: e('`schedule`: <field> must be <rule>, not <value>', 'give schedule fields compressorCut (none, compare, keep, both), selectCut (true, false), psumCut (none, products, halves, carrySave), inputCut (true, false), laneCut (true, false), weightMuxCut (true, false, with laneCut true), readyCut (true, false), or leave schedule out'),
  config_target_mhz_invalid: e('`targetMhz` must be a clock in MHz (a number above 0, at most 100000), not <value>', 'give --target-mhz a positive clock in MHz such as 1000'),
  config_timing_margin_invalid: e('`timingMarginPct` must be a timing margin in percent (a number from 0 to 100), not <value>', 'give --timing-margin-pct a guard band in percent such as 2 (0 for none)'),
  config_schedule_objective_invalid: e('`scheduleObjective` must be one of latency, area, not <value>', 'give --schedule-objective latency (fewest cycles, the default) or area (smallest modelled area)'),
  schedule_target_unreachable: e('no schedule meets <F> MHz + <P>% timing margin = <F·(1+P/100)> MHz for <engine>: the best reaches <fmax> MHz (<stage> stage, <ns> ns)', 'lower --target-mhz (or --timing-margin-pct) so that the target with its margin is at most the reachable clock, or choose a smaller pattern m, narrower operands or fewer lanes'),
  config_m_out_of_range: e('`m` must be a group size (2..64), not <value>', 'give m from 2 to 64'),
  config_window_out_of_range: e('`window` must be a channel count (1..256), not <value>', 'give a window from m to 256 channels'),
  config_rows_out_of_range: e('`rows` must be a token count (1..64), not <value>', 'give rows from 1 to 64'),
  config_cols_out_of_range: e('`cols` must be an output-channel count (1..64), not <value>', 'give cols from 1 to 64'),
  config_act_bits_out_of_range: e('`actBits` must be an operand width in bits (2..16), not <value>', 'give an activation width from 2 to 16 bits'),
  config_weight_bits_out_of_range: e('`weightBits` must be an operand width in bits (2..16), not <value>', 'give a weight width from 2 to 16 bits'),
  config_acc_bits_out_of_range: e('`accBits` must be at least actBits + weightBits and at most 64, not <value>', 'give an accumulator width from A+B to 64 bits'),
  // Output files and folders.
  io_output_path_empty: e('the output path is empty', 'give a folder or file name, e.g. --out out/engine'),
  io_output_not_directory: e('output path <path> exists and is not a directory | lies under a file', 'choose another --out, or remove the file in the way'),
  io_output_entry_is_directory: e('cannot replace <path>: it is a directory, not a file (nothing was written)', 'move the folder away and run again'),
  io_output_unwritable: e('cannot write output <path>: <errno> (nothing was changed)', 'choose a writable --out or fix its permissions'),
  // External tools.
  tool_missing: e('<tool> is not installed (needed to <what>); install it: <how>', 'install the tool (bash .ci/install-tools installs all of them), or choose another --simulator'),
  tool_failed: e('<tool> failed to <what> (exit <status>): <first lines of its output>; <fix>', 'follow the fix in the message; reinstall the tool if its version is older than stated'),
  tool_cache_unwritable: e('cannot write the Verilator cache <folder>: <errno>', 'set NMCORE_CACHE_DIR to a writable folder (default $XDG_CACHE_HOME/nmcore or ~/.cache/nmcore)'),
  // Activation traces.
  trace_file_unreadable: e('cannot read trace file: <errno>', 'check the path and its permissions'),
  trace_truncated: e('<file> is <bytes> bytes, too short for <what>', 'the file was cut short: copy or capture it again'),
  trace_bad_header: e('<file> has a malformed header: <what>', 'write the file with numpy.save / safetensors.save_file, or see traces/README.md'),
  trace_header_beyond_file: e('header length <bytes> ends beyond the end of the <bytes>-byte file', 'the file is truncated or not this format'),
  trace_unknown_dtype: e('tensor <name> has dtype <dtype>; supported: <list>', 'save the activations as F32, F16 or BF16'),
  trace_shape_mismatch: e('tensor <name> has shape <shape>; <rule>', 'store each layer input as [T, K] and its weights as [O, K]'),
  trace_overlapping_data: e('tensors <a> and <b> share bytes <range> (data_offsets overlap)', 'write the file with safetensors.save_file, which never overlaps tensors'),
  trace_format_mismatch: e('--out <path> names a .<ext> file, but trace synth writes <format>', 'name the output .safetensors (the only format trace synth writes)'),
  trace_too_large: e('<what> would need <bytes> bytes, beyond the <limit>-byte limit of one file', 'use fewer --tokens or one --projection'),
  trace_empty: e('file holds no layer input [T, K] with T, K >= 1', "name each activation tensor '<layer>.input' [T, K]"),
  trace_duplicate_layer: e('layer <name> appears twice', "keep either '<layer>' or '<layer>.input'"),
  trace_non_finite: e('tensor <name> holds <count> non-finite value(s)', 'replace NaN and infinities before saving'),
  trace_unknown_layer: e('--layer <name> is not in <file>; layers: <list>', 'use one of the layers listed (nmcore trace info shows them)'),
  trace_unknown_model: e('--model must be one of <list>, not <text>', 'use one of the models listed'),
  trace_unknown_projection: e('--projection must be all or a comma list of <list>, not <text>', 'use the projection names listed'),
  trace_bad_option: e('--dtype must be bf16, f16 or f32 | --calibration must be auto, measured or none, not <text>', 'use --dtype bf16, f16 or f32; --calibration auto, measured or none'),
  trace_no_calibration: e('--calibration measured: no measured histograms for <model>; calibrated models: <list>', 'use --calibration auto or none, or one of the calibrated models'),
  trace_bad_metadata: w('metadata <key> ignored: <why>', 'store metadata as strings: layer as a whole number, projection as one of q, k, v, o, gate, up, down'),
  trace_orphan_weight: w('tensor <name> has no matching input; ignored', "name the input '<layer>.input' beside '<layer>.weight'"),
  trace_unknown_member: w('archive member <name> is not a .npy array; ignored', 'keep only .npy members in the .npz'),
  // Layer replay.
  replay_out_channels_mismatch: e('--out-channels <o> disagrees with the weights of layer <name> (<o> output channels)', 'leave --out-channels out when the trace holds weights'),
  replay_unknown_out_channels: e('layer <name>: output channels O unknown (no weights, no model metadata matching K = <k>)', 'give --out-channels, or --layer with one layer, or store weights or model metadata in the trace'),
  report_channels_not_multiple: e('layer <id> has K = <k> channels, not a multiple of the group size of <pattern>', 'leave that pattern out (--patterns) or use a trace with K a multiple of m'),
  // Design-space sweeps (nmcore sweep, nmcore worker).
  study_unreadable: e('cannot read study file <path>: <errno>', 'check the path and its permissions'),
  study_not_json: e('study file <path> is not JSON: <parser message>', 'fix the JSON (see docs/sweep.md and docs/study.schema.json)'),
  study_not_object: e('a study file must hold one JSON object', 'write the study as {"format": "nmcore-study", "version": 1, ...}'),
  study_bad_field: e('`<field>` <rule>', 'fix the field as docs/sweep.md describes'),
  study_channels_not_multiple: e('trace layer <id> has K = <k> channels, not a multiple of m = <m> of pattern <pattern>', 'leave that pattern out of axes.patterns, or use a trace with K a multiple of m'),
  sweep_bad_queue_url: e('<flag> must be redis://HOST:PORT[/DB], not <text>', 'give the Redis URL, e.g. redis://127.0.0.1:6379'),
  sweep_queue_unreachable: e('no Redis answers at <url>: <why>', 'start redis-server (Debian: apt-get install redis-server) and check host and port'),
  sweep_icarus_missing: e('cosim needs Icarus Verilog, which is not installed', 'install it: apt-get install -y iverilog, or drop cosim from the study\'s run'),
  sweep_trace_unreadable: e('cannot read trace <path>: <errno>', 'check the study\'s trace paths (relative to the study file, or pkg:...)'),
  sweep_model_changed: e('this worker\'s <kind> model fingerprint is <sha>, not the job\'s <sha>', 'run every worker and the sweep from the same nmcore build (the same dist/, or the same sources under tsx)', 'api'),
  sweep_trace_changed: e('trace <path> on this machine has SHA-256 <sha>, not the study\'s <sha>', 'give every worker the same trace files at the same paths', 'api'),
  measured_bad_file: e('measured-accuracy file <path>: <why>', 'see docs/report.md for the file format'),
  // Synthesis specs (library API: the CLI builds these itself).
  synth_bad_file_name: e('file name <name> must be a relative path of letters, digits, _ . - /', 'rename the file'),
  synth_no_sources: e('files must contain at least one Verilog source (.v or .sv)', 'add a Verilog file'),
  synth_bad_top: e('top must be a Verilog identifier, not <value>', 'give the module name'),
  synth_bad_param_name: e('parameter name <name> must be a Verilog identifier', 'fix the parameter name'),
  synth_bad_param_value: e('parameter <name> must be an integer from 0 to <max>, not <value>', 'give a whole number in range'),
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof CATALOGUE;

export function catalogueEntry(code: DiagnosticCode): CatalogueEntry {
  return CATALOGUE[code];
}
