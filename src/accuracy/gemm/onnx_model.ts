// A minimal ONNX model writer: the protobuf bytes of a graph with one operator (Gemm or
// MatMulInteger), symbolic dimensions, opset 17. Field numbers from onnx/onnx.proto (ModelProto,
// GraphProto, NodeProto, AttributeProto, ValueInfoProto, TypeProto, TensorShapeProto); only what
// these graphs need is encoded, so no protobuf library is pulled in.

/** ONNX TensorProto.DataType values used here. */
export const ONNX_TYPES = { float: 1, uint8: 2, int8: 3, int32: 6, double: 11 } as const;
export type OnnxType = keyof typeof ONNX_TYPES;

function varint(v: number): number[] {
  const out: number[] = [];
  while (v > 0x7f) { out.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
  return out;
}
const textBytes = (s: string): number[] => [...new TextEncoder().encode(s)];
/** A length-delimited field (wire type 2). */
const bytesField = (field: number, payload: number[]): number[] => [...varint((field << 3) | 2), ...varint(payload.length), ...payload];
const stringField = (field: number, s: string): number[] => bytesField(field, textBytes(s));
/** A varint field (wire type 0). */
const intField = (field: number, v: number): number[] => [...varint(field << 3), ...varint(v)];

export interface OnnxValue {
  readonly name: string;
  readonly type: OnnxType;
  /** Each dimension a fixed size or a symbolic name. */
  readonly dims: readonly (number | string)[];
}

function valueInfo(v: OnnxValue): number[] {
  const shape = v.dims.flatMap((d) => bytesField(1, typeof d === 'number' ? intField(1, d) : stringField(2, d)));
  const tensorType = [...intField(1, ONNX_TYPES[v.type]), ...bytesField(2, shape)];
  return [...stringField(1, v.name), ...bytesField(2, bytesField(1, tensorType))];
}

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Integer attributes (AttributeProto type INT = 2). */
  readonly intAttributes?: Readonly<Record<string, number>>;
}

function node(n: OnnxNode): number[] {
  const attrs = Object.entries(n.intAttributes ?? {}).flatMap(([name, v]) => bytesField(5, [...stringField(1, name), ...intField(3, v), ...intField(20, 2)]));
  return [...n.inputs.flatMap((s) => stringField(1, s)), ...n.outputs.flatMap((s) => stringField(2, s)), ...stringField(3, `${n.opType.toLowerCase()}_0`), ...stringField(4, n.opType), ...attrs];
}

/** The serialized ModelProto (IR version 8, default domain opset 17) of a one-node graph. */
export function onnxModelBytes(n: OnnxNode, inputs: readonly OnnxValue[], outputs: readonly OnnxValue[]): Uint8Array {
  const graph = [...bytesField(1, node(n)), ...stringField(2, 'nmcore_gemm'), ...inputs.flatMap((v) => bytesField(11, valueInfo(v))), ...outputs.flatMap((v) => bytesField(12, valueInfo(v)))];
  const opset = [...stringField(1, ''), ...intField(2, 17)];
  return Uint8Array.from([...intField(1, 8), ...stringField(2, 'nmcore'), ...bytesField(7, graph), ...bytesField(8, opset)]);
}
