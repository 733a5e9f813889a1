// Step function of nm_mux_network (rtl-templates/nm_mux_network.v): one-hot AND-OR word muxes.
// Lane k of group g ORs the candidates data[g*M+k+t] whose select bit is set (t < F = M-N+1); no
// bit set gives 0. Elements are sign-extended ints, and OR commutes with sign extension, so the
// result equals the template's WIDTH-bit OR read as signed. Purely combinational.

import type { MuxNetworkBlock } from '../../../src/ir/types.js';

export function evalMuxNetwork(b: MuxNetworkBlock, sel: Int32Array, data: Int32Array, lanes: Int32Array): void {
  const { m: M, n: N, muxFanIn: F } = b;
  for (let g = 0; g < b.windowChannels / M; g++) {
    for (let k = 0; k < N; k++) {
      const s0 = (g * N + k) * F, d0 = g * M + k;
      let y = 0;
      for (let t = 0; t < F; t++) if (sel[s0 + t]) y |= data[d0 + t]!;
      lanes[g * N + k] = y;
    }
  }
}
