// nm_topn_rank_flex: online top-n of one group of M signed activations in the active mode of a
// flexible engine (organization `rank`). The pairwise |a| comparisons are those of nm_topn_rank
// (i beats j if |a_i| > |a_j|, or equal and i < j); channel j's count is masked to the channels of
// its own block of m_q channels (block-diagonal, m_q = 2^MODE_LM[3q +: 3] for mode q), and j is
// kept when the count is below that mode's n_q = m_q*N/M. A mode value without a mode keeps nothing.
// PIPE = 1 registers the comparison bits; `mode` is then the mode of the registered slice.
module nm_topn_rank_flex #(
  parameter integer M       = 4,
  parameter integer N       = 2,
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
  localparam integer PAIRS   = M * (M - 1) / 2;
  localparam integer RW      = $clog2(M) + 1;

  function integer pair_index(input integer i, input integer j);
    pair_index = i * M - (i * (i + 1)) / 2 + (j - i - 1);
  endfunction
  // log2 of mode q's group size, and its kept count.
  function integer mode_lm(input integer q);
    mode_lm = (MODE_LM >> (3 * q)) & 7;
  endfunction
  function integer mode_n(input integer q);
    mode_n = ((1 << mode_lm(q)) * N) / M;
  endfunction
  /* verilator lint_off UNUSEDSIGNAL */  // the constant's high bits
  function [RW-1:0] mode_n_bits(input integer q);
    integer v;
    begin
      v = mode_n(q);
      mode_n_bits = v[RW-1:0];
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

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
        ge[pair_index(pi, pj)] = mag[pi*A +: A] >= mag[pj*A +: A];
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

  // The active mode's kept count (0 for a mode value without a mode).
  reg [RW-1:0] n_sel;
  integer q;
  always @* begin
    n_sel = {RW{1'b0}};
    for (q = 0; q < MODES; q = q + 1)
      if (mode == q[MB-1:0]) n_sel = mode_n_bits(q);
  end

  generate
    for (gj = 0; gj < M; gj = gj + 1) begin : g_chan
      wire [M-1:0] beaten;  // beaten[i]: channel i beats channel gj
      for (gi = 0; gi < M; gi = gi + 1) begin : g_by
        if (gi < gj)      begin : g_lower  assign beaten[gi] = ge_s[pair_index(gi, gj)];  end
        else if (gi > gj) begin : g_higher assign beaten[gi] = ~ge_s[pair_index(gj, gi)]; end
        else              begin : g_self   assign beaten[gi] = 1'b0;                      end
      end
      // same[i]: channel i lies in gj's block of the active mode.
      reg [M-1:0] same;
      integer qi, i;
      always @* begin
        same = {M{1'b0}};
        for (qi = 0; qi < MODES; qi = qi + 1)
          if (mode == qi[MB-1:0])
            for (i = 0; i < M; i = i + 1) same[i] = (i >> mode_lm(qi)) == (gj >> mode_lm(qi));
      end
      wire [M-1:0] counted = beaten & same;
      reg [RW-1:0] rank;
      integer c;
      always @* begin
        rank = {RW{1'b0}};
        for (c = 0; c < M; c = c + 1) rank = rank + {{(RW-1){1'b0}}, counted[c]};
      end
      assign keep[gj] = rank < n_sel;
    end
  endgenerate
endmodule
