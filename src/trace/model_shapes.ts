// Layer shapes of the four models the N:M activation-sparsity study evaluates (arXiv:2509.22166)
// and of the two more whose measured activation histograms nmcore ships (Mistral-7B, Llama-3-8B):
// input channels K and output channels O of each of the seven pruned projections. Numbers are
// the public Hugging Face configs; nothing else (no weights) is described here.

import type { Projection } from './types.js';

/** What feeds a projection; it decides the statistics of its input (see synthetic.ts). */
export type InputKind =
  /** RMSNorm(residual stream): input of q, k, v, gate and up. */
  | 'hidden'
  /** Concatenated attention-head outputs: input of o. */
  | 'attn_out'
  /** act(gate) ⊙ up, K = intermediate size: input of down. */
  | 'mlp_act';

export interface ModelShape {
  /** Canonical name, e.g. `Llama-2-7B`. */
  readonly name: string;
  /** Lower-case names accepted on the command line. */
  readonly aliases: readonly string[];
  /** Hugging Face repository whose config.json gives these numbers. */
  readonly hfId: string;
  /** Decoder layers. */
  readonly layers: number;
  /** Hidden size (channels): K of q, k, v, gate, up; O of o and down. */
  readonly hidden: number;
  /** MLP intermediate size (channels): O of gate and up, K of down. */
  readonly intermediate: number;
  /** Query heads x head_dim (channels): O of q, K of o. */
  readonly qOut: number;
  /** Key/value heads x head_dim (channels): O of k and v. */
  readonly kvOut: number;
  /** Channels per attention head. */
  readonly headDim: number;
  /** MLP activation (SwiGLU uses silu, GeGLU gelu-tanh). */
  readonly mlpActivation: 'silu' | 'gelu_tanh';
  /** Where the numbers come from. */
  readonly source: string;
}

const SOURCE = 'arXiv:2509.22166 (public Hugging Face config.json; Llama-3.1 also checked in the study repository)';
/** The two models TEAL's histograms also cover (traces/calibration/README.md). */
const TEAL_SOURCE = 'public Hugging Face config.json (the models of the TEAL histograms, traces/calibration/README.md)';

export const MODEL_SHAPES: readonly ModelShape[] = [
  { name: 'Llama-2-7B', aliases: ['llama-2-7b', 'llama2-7b', 'llama-2-7b-chat'], hfId: 'meta-llama/Llama-2-7b-chat-hf', layers: 32, hidden: 4096, intermediate: 11008, qOut: 4096, kvOut: 4096, headDim: 128, mlpActivation: 'silu', source: SOURCE },
  { name: 'Llama-3.1-8B', aliases: ['llama-3.1-8b', 'llama3.1-8b', 'llama-3.1-8b-instruct'], hfId: 'meta-llama/Llama-3.1-8B-Instruct', layers: 32, hidden: 4096, intermediate: 14336, qOut: 4096, kvOut: 1024, headDim: 128, mlpActivation: 'silu', source: SOURCE },
  { name: 'Qwen2.5-7B', aliases: ['qwen2.5-7b', 'qwen-2.5-7b', 'qwen2.5-7b-instruct'], hfId: 'Qwen/Qwen2.5-7B-Instruct', layers: 28, hidden: 3584, intermediate: 18944, qOut: 3584, kvOut: 512, headDim: 128, mlpActivation: 'silu', source: SOURCE },
  { name: 'Mistral-7B', aliases: ['mistral-7b', 'mistral-7b-v0.1'], hfId: 'mistralai/Mistral-7B-v0.1', layers: 32, hidden: 4096, intermediate: 14336, qOut: 4096, kvOut: 1024, headDim: 128, mlpActivation: 'silu', source: TEAL_SOURCE },
  { name: 'Llama-3-8B', aliases: ['llama-3-8b', 'llama3-8b', 'meta-llama-3-8b'], hfId: 'meta-llama/Meta-Llama-3-8B', layers: 32, hidden: 4096, intermediate: 14336, qOut: 4096, kvOut: 1024, headDim: 128, mlpActivation: 'silu', source: TEAL_SOURCE },
  { name: 'Gemma3-4B', aliases: ['gemma3-4b', 'gemma-3-4b', 'gemma-3-4b-it'], hfId: 'google/gemma-3-4b-it', layers: 34, hidden: 2560, intermediate: 10240, qOut: 2048, kvOut: 1024, headDim: 256, mlpActivation: 'gelu_tanh', source: SOURCE },
];

/** The model called `name` (canonical name or alias, case-insensitive), or undefined. */
export function findModel(name: string): ModelShape | undefined {
  const n = name.trim().toLowerCase();
  return MODEL_SHAPES.find((m) => m.name.toLowerCase() === n || m.aliases.includes(n));
}

export interface ProjectionShape {
  /** K: input channels, the dimension N:M groups run along. */
  readonly inChannels: number;
  /** O: output channels (rows of W). */
  readonly outChannels: number;
  readonly inputKind: InputKind;
}

/** K, O and input kind of `projection` in `model`. */
export function projectionShape(model: ModelShape, projection: Projection): ProjectionShape {
  switch (projection) {
    case 'q': return { inChannels: model.hidden, outChannels: model.qOut, inputKind: 'hidden' };
    case 'k':
    case 'v': return { inChannels: model.hidden, outChannels: model.kvOut, inputKind: 'hidden' };
    case 'o': return { inChannels: model.qOut, outChannels: model.hidden, inputKind: 'attn_out' };
    case 'gate':
    case 'up': return { inChannels: model.hidden, outChannels: model.intermediate, inputKind: 'hidden' };
    case 'down': return { inChannels: model.intermediate, outChannels: model.hidden, inputKind: 'mlp_act' };
  }
}

/** Input kind of a projection, whatever the model. */
export function inputKindOf(projection: Projection): InputKind {
  return projection === 'o' ? 'attn_out' : projection === 'down' ? 'mlp_act' : 'hidden';
}

/** Hugging Face module path of a projection, e.g. `model.layers.3.mlp.down_proj`. */
export function modulePath(layer: number, projection: Projection): string {
  const block = projection === 'gate' || projection === 'up' || projection === 'down' ? 'mlp' : 'self_attn';
  return `model.layers.${layer}.${block}.${projection}_proj`;
}
