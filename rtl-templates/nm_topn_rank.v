// nm_topn_rank: online top-N of one group of M signed activations (contract section 2). Rank
// counting: every pair (i < j) is compared once on magnitude (|-2^(A-1)| = 2^(A-1), so A bits
// unsigned); channel j is kept when fewer than N channels beat it, where i beats j if |a_i| > |a_j|,
// or |a_i| = |a_j| and i < j. PIPE = 1 registers the M(M-1)/2 comparison bits before the count.
// MODES > 1 (flexible engines, organization `rank`): channel j's count is masked to the channels of
// its own block of m_q channels in the active mode q (block-diagonal, m_q = 2^MODE_LM[3q +: 3]), and j
// is kept when the count is below n_q = m_q*N/M; a mode value without a mode keeps nothing. With PIPE
// = 1 `mode` is the mode of the registered slice. MODES = 1 (fixed engines) has no mask; `mode` is unused.
module nm_topn_rank #(
  parameter integer M       = 4,
  parameter integer N       = 2,
  parameter integer A       = 8,
  parameter integer PIPE    = 0,
  parameter integer MODES   = 1,
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
  localparam integer PAIRS   = M * (M - 1) / 2;
  localparam integer RW      = $clog2(M) + 1;

  // Position of pair (i, j), i < j, in the comparison vector: pairs ordered by i, then j.
  function integer pair_index(input integer i, input integer j);
    pair_index = i * M - (i * (i + 1)) / 2 + (j - i - 1);
  endfunction
  // log2 of mode q's group size, and its kept count (flexible engines).
  function integer mode_lm(input integer q);
    mode_lm = (MODE_LM >> (3 * q)) & 7;
  endfunction
  function integer mode_n(input integer q);
    mode_n = ((1 << mode_lm(q)) * N) / M;
  endfunction
  /* verilator lint_off UNUSEDSIGNAL */  // the constant's high bits
  function [RW-1:0] mode_n_bits(input integer q);
    integer nv;
    begin
      nv = mode_n(q);
      mode_n_bits = nv[RW-1:0];
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // Magnitudes and pairwise comparisons, each computed in one block so that simulators update
  // the wide vectors once per input change rather than once per bit.
  reg [M*A-1:0]   mag;
  reg [PAIRS-1:0] ge;   // ge[pair(i,j)]: |a_i| >= |a_j|, i.e. i beats j (i < j)
  reg [A-1:0]     v;
  integer pi, pj;
  always @* begin
    for (pi = 0; pi < M; pi = pi + 1) begin
      v = act[pi*A +: A];
      mag[pi*A +: A] = v[A-1] ? (~v + 1'b1) : v;
    end
  end
  always @* begin
    ge = {PAIRS{1'b0}};
    for (pi = 0; pi < M; pi = pi + 1)
      for (pj = pi + 1; pj < M; pj = pj + 1)
        ge[pi * M - (pi * (pi + 1)) / 2 + (pj - pi - 1)] = mag[pi*A +: A] >= mag[pj*A +: A];  // pair_index(pi, pj)
  end

  genvar gi, gj;
  wire [PAIRS-1:0] ge_s;
  generate
    if (PIPE != 0) begin : g_pipe
      reg [PAIRS-1:0] ge_q;
      always @(posedge clk) if (load) ge_q <= ge;
      assign ge_s = ge_q;
    end else begin : g_comb
      wire unused_pipe_inputs = &{1'b0, clk, load};
      assign ge_s = ge;
    end
  endgenerate

  // The kept count: N, or the active mode's (0 for a mode value without a mode).
  wire [RW-1:0] n_sel;
  generate
    if (MODES > 1) begin : g_mode_n
      reg [RW-1:0] n_mode;
      integer q;
      always @* begin
        n_mode = {RW{1'b0}};
        for (q = 0; q < MODES; q = q + 1)
          if (mode == q[MB-1:0]) n_mode = mode_n_bits(q);
      end
      assign n_sel = n_mode;
    end else begin : g_fixed_n
      wire unused_mode = &{1'b0, mode};
      assign n_sel = N[RW-1:0];
    end
  endgenerate

  // Rank of j: how many channels (of its block, in a flexible engine) beat it. Kept when the rank is
  // below the kept count. One block per channel, so each count only depends on the M-1 comparisons
  // that involve it.
  generate
    for (gj = 0; gj < M; gj = gj + 1) begin : g_chan
      wire [M-1:0] beaten;  // beaten[i]: channel i beats channel gj
      for (gi = 0; gi < M; gi = gi + 1) begin : g_by
        if (gi < gj)      begin : g_lower  assign beaten[gi] = ge_s[pair_index(gi, gj)];  end
        else if (gi > gj) begin : g_higher assign beaten[gi] = ~ge_s[pair_index(gj, gi)]; end
        else              begin : g_self   assign beaten[gi] = 1'b0;                      end
      end
      wire [M-1:0] counted;
      if (MODES > 1) begin : g_mask
        // same[i]: channel i lies in gj's block of the active mode: a run of m_q ones from the
        // block's first channel, one shift per mode (the same tested channel by channel through
        // mode_lm(), M*M*MODES calls in loops, kept Yosys's frontend busy for over 10 minutes at M = 32).
        reg [M-1:0] same;
        integer qi;
        always @* begin
          same = {M{1'b0}};
          for (qi = 0; qi < MODES; qi = qi + 1)
            if (mode == qi[MB-1:0])
              same = ~({M{1'b1}} << (1 << ((MODE_LM >> (3 * qi)) & 7))) << ((gj >> ((MODE_LM >> (3 * qi)) & 7)) << ((MODE_LM >> (3 * qi)) & 7));
        end
        assign counted = beaten & same;
      end else begin : g_all
        assign counted = beaten;
      end
      reg [RW-1:0] rank;
      integer i;
      always @* begin
        rank = {RW{1'b0}};
        for (i = 0; i < M; i = i + 1) rank = rank + {{(RW-1){1'b0}}, counted[i]};
      end
      assign keep[gj] = rank < n_sel;
    end
  endgenerate
endmodule
