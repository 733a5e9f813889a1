// Writes a 2-D array as a .npy file (NumPy format version 1.0, little-endian, C order): the
// functional replay's outputs (`nmcore simulate --functional`). int32 or float64 elements.

/** The bytes of a .npy file holding `data` with `shape` (rows, columns). */
export function encodeNpy(data: Int32Array | Float64Array, shape: readonly [number, number]): Uint8Array {
  const descr = data instanceof Int32Array ? '<i4' : '<f8';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape[0]}, ${shape[1]}), }`;
  // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}
