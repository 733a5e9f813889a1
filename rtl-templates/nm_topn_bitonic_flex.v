// nm_topn_bitonic_flex: online top-half of one group of M signed activations in the active mode of
// a flexible engine whose modes all keep half (n_q = m_q/2), organization `bitonic`. Each channel's
// key is {|a|, ~index}: unique, larger for a larger magnitude or, when equal, a lower channel (the
// contract's tie rule). A bitonic network sorts blocks of 2, 4, .. M/2 channels, alternately
// descending and ascending; the first layer of each merge then holds the top half of every block
// of twice that size in its max half (of the lower positions for even blocks, of the upper for odd
// ones). The last merge stops after that layer: (M/2)*(K(K-1)/2 + 1) comparators, K = log2 M. Mode q
// (m_q = 2^MODE_LM[3q +: 3]) keeps the channels whose indices sit in the max halves after merge
// log2(m_q)'s first layer. PIPE = 1 registers the keep mask; `mode` is the mode of the slice in `act`.
module nm_topn_bitonic_flex #(
  parameter integer M       = 4,
  parameter integer A       = 8,
  parameter integer PIPE    = 0,
  parameter integer MODES   = 2,
  parameter integer MB      = 1,
  parameter integer MODE_LM = 0
) (
  input  wire           clk,
  input  wire           load,
  input  wire [MB-1:0]  mode,
  input  wire [M*A-1:0] act,
  output wire [M-1:0]   keep
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = PIPE;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer IB     = $clog2(M);
  localparam integer KW     = A + IB;
  localparam integer K      = $clog2(M);

  function integer mode_k(input integer q);
    mode_k = (MODE_LM >> (3 * q)) & 7;
  endfunction
  // Position u of the max half of channel c's block of 2^mode_k(q) after that merge's first layer.
  function integer kept_pos(input integer q, input integer c, input integer u);
    kept_pos = ((c >> mode_k(q)) << mode_k(q)) + (((c >> mode_k(q)) % 2) * ((1 << mode_k(q)) / 2)) + u;
  endfunction
  /* verilator lint_off UNUSEDSIGNAL */  // the constant's high bits
  function [IB-1:0] inv_index(input integer c);
    integer v;
    begin
      v = c;
      inv_index = ~v[IB-1:0];
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  reg  [A-1:0] v;
  reg  [M*A-1:0] mag;
  integer pi;
  always @* begin
    for (pi = 0; pi < M; pi = pi + 1) begin
      v = act[pi*A +: A];
      mag[pi*A +: A] = v[A-1] ? (~v + 1'b1) : v;
    end
  end

  // keys[i*KW +: KW]: the key of channel i; taps[((k-1)*M + i)*KW +: KW]: position i after the
  // first layer of merge k (blocks of 2^k), where every block's top half sits in its max half.
  wire [M*KW-1:0] keys;
  /* verilator lint_off UNUSEDSIGNAL */  // the min halves and the merges no mode taps
  wire [K*M*KW-1:0] taps;
  /* verilator lint_on UNUSEDSIGNAL */
  genvar gi, gk, gjj;
  generate
    for (gi = 0; gi < M; gi = gi + 1) begin : g_key
      assign keys[gi*KW +: KW] = {mag[gi*A +: A], inv_index(gi)};
    end
    // Merge gk, layer gjj compares positions 2^(gk-1-gjj) apart; the last merge has its first layer only.
    for (gk = 1; gk <= K; gk = gk + 1) begin : g_merge
      for (gjj = 0; gjj < (gk == K ? 1 : gk); gjj = gjj + 1) begin : g_layer
        wire [M*KW-1:0] d;
        /* verilator lint_off UNUSEDSIGNAL */  // the last merge's min half
        wire [M*KW-1:0] q;
        /* verilator lint_on UNUSEDSIGNAL */
        if (gjj > 0) begin : g_in_layer
          assign d = g_layer[gjj-1].q;
        end else if (gk > 1) begin : g_in_merge
          assign d = g_merge[gk-1].g_layer[gk-2].q;
        end else begin : g_in_keys
          assign d = keys;
        end
        for (gi = 0; gi < M; gi = gi + 1) begin : g_pos
          if (((gi >> (gk - 1 - gjj)) & 1) == 0) begin : g_cas
            wire [KW-1:0] lo = d[gi*KW +: KW];
            wire [KW-1:0] hi = d[(gi + (1 << (gk - 1 - gjj)))*KW +: KW];
            // Even blocks of 2^gk descend (the larger key to the lower position), odd ones ascend.
            wire swap = (((gi >> gk) & 1) == 0) ? (lo < hi) : (lo > hi);
            assign q[gi*KW +: KW] = swap ? hi : lo;
            assign q[(gi + (1 << (gk - 1 - gjj)))*KW +: KW] = swap ? lo : hi;
          end
        end
        if (gjj == 0) begin : g_tap
          assign taps[(gk-1)*M*KW +: M*KW] = q;
        end
      end
    end
  endgenerate

  // Channel c is kept in mode q when its index sits in the max half of its block after the tap.
  wire [M-1:0] keep_d;
  genvar gc, gm, gu;
  generate
    for (gc = 0; gc < M; gc = gc + 1) begin : g_chan
      wire [MODES*M-1:0] hit;
      for (gm = 0; gm < MODES; gm = gm + 1) begin : g_mode
        for (gu = 0; gu < M; gu = gu + 1) begin : g_pos
          if (gu < (1 << mode_k(gm)) / 2) begin : g_on
            assign hit[gm*M + gu] = mode == gm[MB-1:0] && taps[((mode_k(gm) - 1)*M + kept_pos(gm, gc, gu))*KW +: IB] == inv_index(gc);
          end else begin : g_off
            assign hit[gm*M + gu] = 1'b0;
          end
        end
      end
      assign keep_d[gc] = |hit;
    end
  endgenerate

  generate
    if (PIPE != 0) begin : g_pipe
      reg [M-1:0] keep_q;
      always @(posedge clk) if (load) keep_q <= keep_d;
      assign keep = keep_q;
    end else begin : g_comb
      wire unused_pipe_inputs = &{1'b0, clk, load};
      assign keep = keep_d;
    end
  endgenerate
endmodule
