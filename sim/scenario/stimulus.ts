// Stream stimulus and per-cycle records: the one format in which a run of an engine is described
// (slices to send, per-cycle source/sink/reset policy) and observed (handshakes and results per
// clock edge). Every backend (Verilator, Icarus, the TypeScript simulator) reads and writes these.

/** One slice as bus values (hex, packed as the top's ports). */
export interface StimulusSlice {
  readonly last: boolean;
  /**
   * cfg_mode presented with this slice: its dot product's mode on a first slice, anything on the
   * others (index into the engine's modes; ignored by a fixed engine, which has no cfg_mode).
   */
  readonly mode: number;
  readonly actHex: string;
  /** nm_engine_core only (sparse engines). */
  readonly metaHex?: string;
  readonly wgtHex: string;
}

/**
 * What the testbench wants in one cycle. A source raises valid when it wants to and has a slice
 * left, then holds valid and data until the transfer (AXI-Stream); during reset it drives valid low.
 */
export interface CyclePolicy {
  readonly actWant: boolean;
  readonly wgtWant: boolean;
  readonly outReady: boolean;
  /** rst_n low in this cycle. */
  readonly reset: boolean;
  /** cfg_mode driven in this cycle while the activation source presents no slice (valid low): anything. */
  readonly idleMode?: number;
}

export interface StreamStimulus {
  readonly slices: readonly StimulusSlice[];
  readonly policy: readonly CyclePolicy[];
}

/** Signals sampled just before rising edge `cycle` (so a transfer on that edge has valid & ready here). */
export interface CycleRecord {
  readonly cycle: number;
  readonly reset: boolean;
  readonly actValid: boolean;
  readonly wgtValid: boolean;
  readonly actReady: boolean;
  readonly wgtReady: boolean;
  readonly last: boolean;
  readonly outValid: boolean;
  readonly outReady: boolean;
  /** m_out_data when outValid, else undefined. */
  readonly outHex?: string;
  /** Signals a 4-state simulator showed as X or Z in this cycle (never set by 2-state backends). */
  readonly unknownSignals?: readonly string[];
}

const RECORD_FIELDS = ['cycle', 'rst', 's_act_valid', 's_wgt_valid', 's_act_ready', 's_wgt_ready', 's_act_last', 'm_out_valid', 'm_out_ready'];

const bit = (b: boolean): string => (b ? '1' : '0');

/** One cycle's policy as the harnesses read it: `actWant wgtWant outReady reset` bits, then the idle cfg_mode in hex. */
export function policyLine(p: CyclePolicy): string {
  return `${bit(p.actWant)}${bit(p.wgtWant)}${bit(p.outReady)}${bit(p.reset)} ${(p.idleMode ?? 0).toString(16)}`;
}

/** Text form read by the RTL harnesses on stdin. */
export function serializeStimulus(s: StreamStimulus): string {
  const lines = [`${s.slices.length} ${s.policy.length}`];
  for (const sl of s.slices) lines.push(`${bit(sl.last)} ${sl.actHex} ${sl.wgtHex} ${sl.metaHex ?? '0'} ${sl.mode.toString(16)}`);
  for (const p of s.policy) lines.push(policyLine(p));
  return lines.join('\n') + '\n';
}

/** Parses harness output: one line per cycle, `cycle rst av wv ar wr last ov or [hex]`. */
export function parseCycleRecords(text: string): CycleRecord[] {
  const records: CycleRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const f = line.trim().split(/\s+/);
    if (f.length < 9) throw new Error(`malformed cycle record: ${line}`);
    const unknown: string[] = [];
    const b = (i: number): boolean => {
      if (f[i] !== '0' && f[i] !== '1') unknown.push(RECORD_FIELDS[i]!);
      return f[i] === '1';
    };
    const rec: CycleRecord = {
      cycle: Number(f[0]), reset: b(1), actValid: b(2), wgtValid: b(3), actReady: b(4), wgtReady: b(5), last: b(6),
      outValid: b(7), outReady: b(8), ...(f[9] !== undefined ? { outHex: f[9] } : {}),
    };
    if (unknown.length > 0) (rec as { unknownSignals?: string[] }).unknownSignals = unknown;
    records.push(rec);
  }
  return records;
}

/** One line of a per-cycle trace, identical for every backend, for mismatch reports. */
export function formatCycleRecord(r: CycleRecord): string {
  const flag = (b: boolean, s: string): string => (b ? s : '.'.repeat(s.length));
  return `${String(r.cycle).padStart(6)} ${flag(r.reset, 'RST')} act ${flag(r.actValid, 'V')}${flag(r.actReady, 'R')}${flag(r.last, 'L')} ` +
    `wgt ${flag(r.wgtValid, 'V')}${flag(r.wgtReady, 'R')} out ${flag(r.outValid, 'V')}${flag(r.outReady, 'R')}` +
    (r.outHex !== undefined ? ` ${r.outHex}` : '');
}
