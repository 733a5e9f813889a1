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
  /* verilator lint_off UNUSEDSIGNAL */  // the constant's high bits
  function [IB-1:0] inv_index(input integer c);
    integer v;
    begin
      v = c;
      inv_index = ~v[IB-1:0];
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // The whole network and the index match in one always @* (the positions updated in place, layer by
  // layer: a layer's compare-and-swaps touch disjoint pairs), so a simulator evaluates it once per
  // input change instead of re-running every reader of a vector on each part-select write.
  // cur[i*KW +: KW]: position i; taps[((k-1)*M + i)*KW +: KW]: position i after the first layer of
  // merge k (blocks of 2^k), where every block's top half sits in its max half.
  reg  [A-1:0]    v;
  reg  [KW-1:0]   lo, hi;
  reg  [M*KW-1:0] cur;
  /* verilator lint_off UNUSEDSIGNAL */  // the min halves and the merges no mode taps
  reg  [K*M*KW-1:0] taps;
  /* verilator lint_on UNUSEDSIGNAL */
  reg  [M-1:0]    keep_d;
  reg  [IB-1:0]   idx;
  integer i, k, j, q;
  always @* begin
    for (i = 0; i < M; i = i + 1) begin
      v = act[i*A +: A];
      cur[i*KW +: KW] = {v[A-1] ? (~v + 1'b1) : v, inv_index(i)};
    end
    taps = {K*M*KW{1'b0}};
    // Merge k, layer j compares positions 2^(k-1-j) apart; the last merge has its first layer only.
    for (k = 1; k <= K; k = k + 1) begin
      for (j = 0; j < k; j = j + 1) begin
        if (k < K || j == 0) begin
          for (i = 0; i < M; i = i + 1) begin
            if (((i >> (k - 1 - j)) & 1) == 0) begin
              lo = cur[i*KW +: KW];
              hi = cur[(i + (1 << (k - 1 - j)))*KW +: KW];
              // Even blocks of 2^k descend (the larger key to the lower position), odd ones ascend.
              if ((((i >> k) & 1) == 0) ? (lo < hi) : (lo > hi)) begin
                cur[i*KW +: KW] = hi;
                cur[(i + (1 << (k - 1 - j)))*KW +: KW] = lo;
              end
            end
          end
          if (j == 0) taps[(k-1)*M*KW +: M*KW] = cur;
        end
      end
    end
    // After mode q's tap, position i holds the index of a channel of its own block of 2^mode_k(q)
    // (merges never cross blocks); that channel is kept when i is in the block's max half (the lower
    // half of an even block, the upper of an odd one). The index is decoded by a variable bit-select
    // write, M per mode: a literal match of every channel against every position of its max half
    // ((M/2)*M per mode) made Yosys's frontend take minutes at M = 32.
    keep_d = {M{1'b0}};
    idx = {IB{1'b0}};
    for (q = 0; q < MODES; q = q + 1)
      for (i = 0; i < M; i = i + 1)
        if (mode == q[MB-1:0] && ((i >> (mode_k(q) - 1)) & 1) == ((i >> mode_k(q)) & 1)) begin
          idx = ~taps[((mode_k(q) - 1)*M + i)*KW +: IB];
          keep_d[idx] = 1'b1;
        end
  end

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
