// The floor of bench 1: the least work any N:M replay of a bf16 trace must do. Reads the
// safetensors file layer by layer (one reused buffer) and computes each token's N:M keep mask once,
// ranking packed integer keys (|bf16| bits << index bits | reversed index: larger magnitude wins,
// ties to the lower channel); 2:4 by a 4-key selection network, other patterns by insertion into a
// top-n list. Imports nothing of nmcore. Run: node dist/bench/replay_floor.js <trace> <n> <m>.

import { closeSync, openSync, readSync } from 'node:fs';

const [file, nText, mText] = process.argv.slice(2);
if (file === undefined || nText === undefined || mText === undefined) throw new Error('usage: replay_floor.js <trace.safetensors> <n> <m>');
const n = Number(nText), m = Number(mText);
const idxBits = Math.ceil(Math.log2(m));

const fd = openSync(file, 'r');
const prefix = Buffer.alloc(8);
readSync(fd, prefix, 0, 8, 0);
const headerBytes = Number(prefix.readBigUInt64LE(0));
const headBuf = Buffer.alloc(headerBytes);
readSync(fd, headBuf, 0, headerBytes, 8);
const header = JSON.parse(headBuf.toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
const inputs = Object.entries(header).filter(([name, e]) => name !== '__metadata__' && !name.endsWith('.weight') && e.dtype === 'BF16');
const largest = Math.max(...inputs.map(([, e]) => e.data_offsets[1] - e.data_offsets[0]));
const buf = new Uint8Array(largest);
const mask = new Uint8Array(largest / 2);
const top = new Int32Array(n);
let keptTotal = 0;
for (const [, e] of inputs) {
  const bytes = e.data_offsets[1] - e.data_offsets[0];
  for (let done = 0; done < bytes;) done += readSync(fd, buf, done, bytes - done, 8 + headerBytes + e.data_offsets[0] + done);
  const bits = new Uint16Array(buf.buffer, 0, bytes / 2);
  const K = e.shape[e.shape.length - 1]!, T = bits.length / K;
  for (let t = 0; t < T; t++) {
    const row = t * K;
    for (let c0 = 0; c0 < K; c0 += m) {
      const base = row + c0, len = Math.min(m, K - c0);
      if (n === 2 && m === 4 && len === 4) {
        const k0 = ((bits[base]! & 0x7fff) << 2) | 3, k1 = ((bits[base + 1]! & 0x7fff) << 2) | 2;
        const k2 = ((bits[base + 2]! & 0x7fff) << 2) | 1, k3 = (bits[base + 3]! & 0x7fff) << 2;
        const hi01 = k0 > k1 ? k0 : k1, lo01 = k0 > k1 ? k1 : k0, hi23 = k2 > k3 ? k2 : k3, lo23 = k2 > k3 ? k3 : k2;
        const minHi = hi01 < hi23 ? hi01 : hi23, maxLo = lo01 > lo23 ? lo01 : lo23;
        const th = minHi > maxLo ? minHi : maxLo;
        mask[base] = k0 >= th ? 1 : 0; mask[base + 1] = k1 >= th ? 1 : 0; mask[base + 2] = k2 >= th ? 1 : 0; mask[base + 3] = k3 >= th ? 1 : 0;
        keptTotal += 2;
        continue;
      }
      if (len <= n) { for (let i = 0; i < len; i++) mask[base + i] = 1; keptTotal += len; continue; }
      let cnt = 0;
      for (let i = 0; i < len; i++) {
        const key = ((bits[base + i]! & 0x7fff) << idxBits) | (m - 1 - i);
        if (cnt < n) {
          let k = cnt++;
          while (k > 0 && top[k - 1]! < key) { top[k] = top[k - 1]!; k--; }
          top[k] = key;
        } else if (key > top[n - 1]!) {
          let k = n - 1;
          while (k > 0 && top[k - 1]! < key) { top[k] = top[k - 1]!; k--; }
          top[k] = key;
        }
      }
      const th = top[n - 1]!;
      for (let i = 0; i < len; i++) mask[base + i] = (((bits[base + i]! & 0x7fff) << idxBits) | (m - 1 - i)) >= th ? 1 : 0;
      keptTotal += n;
    }
  }
}
closeSync(fd);
let check = 0;
for (let i = 0; i < mask.length; i += 4099) check += mask[i]!;
console.log(JSON.stringify({ layers: inputs.length, keptValues: keptTotal, check }));
