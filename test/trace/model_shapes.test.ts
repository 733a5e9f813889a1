// Layer shapes of the four studied models (arXiv:2509.22166): K and O per projection, aliases, and the
// note that every K is a multiple of 256 (so every legal engine window divides every row).

import { describe, expect, it } from 'vitest';
import { MODEL_SHAPES, findModel, modulePath, projectionShape } from '../../src/trace/model_shapes.js';
import { PROJECTIONS } from '../../src/trace/types.js';

describe('model shapes', () => {
  it.each([
    ['Llama-2-7B', { q: [4096, 4096], k: [4096, 4096], o: [4096, 4096], up: [4096, 11008], down: [11008, 4096] }],
    ['Llama-3.1-8B', { q: [4096, 4096], k: [4096, 1024], o: [4096, 4096], up: [4096, 14336], down: [14336, 4096] }],
    ['Qwen2.5-7B', { q: [3584, 3584], k: [3584, 512], o: [3584, 3584], up: [3584, 18944], down: [18944, 3584] }],
    ['Mistral-7B', { q: [4096, 4096], k: [4096, 1024], o: [4096, 4096], up: [4096, 14336], down: [14336, 4096] }],
    ['Llama-3-8B', { q: [4096, 4096], k: [4096, 1024], o: [4096, 4096], up: [4096, 14336], down: [14336, 4096] }],
    ['Gemma3-4B', { q: [2560, 2048], k: [2560, 1024], o: [2048, 2560], up: [2560, 10240], down: [10240, 2560] }],
  ] as const)('%s: [K, O] per projection', (name, table) => {
    const m = findModel(name)!;
    for (const [p, ko] of Object.entries(table)) {
      const s = projectionShape(m, p as keyof typeof table);
      expect([s.inChannels, s.outChannels]).toEqual(ko);
    }
  });
  it('has every K a multiple of 256', () => {
    for (const m of MODEL_SHAPES) for (const p of PROJECTIONS) expect(projectionShape(m, p).inChannels % 256).toBe(0);
  });
  it('finds models by alias, case-insensitively, and names modules like Hugging Face', () => {
    expect(findModel('LLAMA-3.1-8B-Instruct')?.name).toBe('Llama-3.1-8B');
    expect(findModel('gemma-3-4b-it')?.layers).toBe(34);
    expect(findModel('gpt-2')).toBeUndefined();
    expect(modulePath(3, 'down')).toBe('model.layers.3.mlp.down_proj');
    expect(modulePath(0, 'k')).toBe('model.layers.0.self_attn.k_proj');
  });
});
