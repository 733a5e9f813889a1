// Big matrix products on ONNX Runtime's CPU kernels (npm onnxruntime-node, pinned; its MLAS GEMMs use
// the machine's AVX2/AVX-512/VNNI): C = A Bᵀ in float32 (Gemm, transB = 1) and exact integer
// products C = A B of int8 codes into int32 (MatMulInteger). One session per operator, built from
// a one-node model (onnx_model.ts) with symbolic shapes, so any size runs through it. The package
// is imported lazily: loadOrtGemm() says why it is missing instead of throwing.

import { onnxModelBytes } from './onnx_model.js';

type Ort = typeof import('onnxruntime-node');
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

/** Float and integer GEMMs on one set of sessions. */
export interface GemmBackend {
  /** What runs the products, e.g. `onnxruntime-node 1.30.0 (CPU, 2 threads)`. */
  readonly label: string;
  /** C [m x n] = A [m x k] · Bᵀ, B given row-major [n x k]; float32 accumulation (MLAS SGEMM). */
  gemmF32(a: Float32Array, m: number, k: number, b: Float32Array, n: number): Promise<Float32Array>;
  /** The same in float64 (DGEMM): the dense reference Y, whose rounding every engine metric differences against. */
  gemmF64(a: Float64Array, m: number, k: number, b: Float64Array, n: number): Promise<Float64Array>;
  /** C [m x n] = A [m x k] · B [k x n] on int8 codes, exact int32 sums (|C| < 2^31 is the caller's bound). */
  gemmI8(a: Int8Array, m: number, k: number, b: Int8Array, n: number): Promise<Int32Array>;
  release(): Promise<void>;
}

export type OrtLoad = { readonly ok: true; readonly gemm: GemmBackend } | { readonly ok: false; readonly reason: string };

function sessionOptions(threads: number): Parameters<Ort['InferenceSession']['create']>[1] {
  return { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };
}

type Sessions = { f32: Session; f64: Session; i8: Session };

const gemmModel = (type: 'float' | 'double'): Uint8Array => onnxModelBytes(
  { opType: 'Gemm', inputs: ['A', 'B'], outputs: ['C'], intAttributes: { transB: 1 } },
  [{ name: 'A', type, dims: ['m', 'k'] }, { name: 'B', type, dims: ['n', 'k'] }],
  [{ name: 'C', type, dims: ['m', 'n'] }]);

async function createSessions(ort: Ort, threads: number): Promise<Sessions> {
  const f32 = await ort.InferenceSession.create(gemmModel('float'), sessionOptions(threads));
  const f64 = await ort.InferenceSession.create(gemmModel('double'), sessionOptions(threads));
  const i8 = await ort.InferenceSession.create(onnxModelBytes(
    { opType: 'MatMulInteger', inputs: ['A', 'B', 'a_zero_point'], outputs: ['C'] },
    [{ name: 'A', type: 'uint8', dims: ['m', 'k'] }, { name: 'B', type: 'int8', dims: ['k', 'n'] }, { name: 'a_zero_point', type: 'uint8', dims: [] }],
    [{ name: 'C', type: 'int32', dims: ['m', 'n'] }]), sessionOptions(threads));
  return { f32, f64, i8 };
}

/** Loads onnxruntime-node and builds the sessions; `{ ok: false, reason }` when the package or its binary cannot load. */
export async function loadOrtGemm(threads: number): Promise<OrtLoad> {
  let ort: Ort;
  try {
    const mod = (await import('onnxruntime-node')) as Ort & { default?: Ort };
    ort = mod.InferenceSession !== undefined ? mod : mod.default!;
  } catch (e) {
    return { ok: false, reason: `onnxruntime-node could not be loaded (${(e as Error).message.split('\n')[0]})` };
  }
  let s: Sessions;
  try {
    s = await createSessions(ort, threads);
  } catch (e) {
    return { ok: false, reason: `onnxruntime-node could not create its CPU sessions (${(e as Error).message.split('\n')[0]})` };
  }
  const version = (ort.env as { versions?: { node?: string } }).versions?.node ?? 'unknown version';
  const run = async (session: Session, feeds: Record<string, InstanceType<Ort['Tensor']>>): Promise<unknown> => {
    const out = await session.run(feeds);
    for (const t of Object.values(feeds)) t.dispose();
    const c = out['C']!;
    const data = c.data;
    return data;
  };
  return {
    ok: true,
    gemm: {
      label: `onnxruntime-node ${version} (CPU, ${threads} threads)`,
      gemmF32: async (a, m, k, b, n) => await run(s.f32, { A: new ort.Tensor('float32', a, [m, k]), B: new ort.Tensor('float32', b, [n, k]) }) as Float32Array,
      gemmF64: async (a, m, k, b, n) => await run(s.f64, { A: new ort.Tensor('float64', a, [m, k]), B: new ort.Tensor('float64', b, [n, k]) }) as Float64Array,
      gemmI8: async (a, m, k, b, n) => {
        // MLAS's fast integer kernels (AMX, VNNI) take u8 x s8: A is offset by 128 and given zero point 128.
        const au = new Uint8Array(a.length);
        for (let i = 0; i < a.length; i++) au[i] = a[i]! + 128;
        return await run(s.i8, { A: new ort.Tensor('uint8', au, [m, k]), B: new ort.Tensor('int8', b, [k, n]), a_zero_point: new ort.Tensor('uint8', Uint8Array.of(128), []) }) as Int32Array;
      },
      release: async () => { await s.f32.release(); await s.f64.release(); await s.i8.release(); },
    },
  };
}
