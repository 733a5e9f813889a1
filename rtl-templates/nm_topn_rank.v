// nm_topn_rank: online top-N of one group of M signed activations (contract section 2). Rank
// counting: every pair (i < j) is compared once on magnitude (|-2^(A-1)| = 2^(A-1), so A bits
// unsigned); channel j is kept when fewer than N channels beat it, where i beats j if |a_i| > |a_j|,
// or |a_i| = |a_j| and i < j. PIPE = 1 registers the M(M-1)/2 comparison bits before the count.
module nm_topn_rank #(
  parameter integer M    = 4,
  parameter integer N    = 2,
  parameter integer A    = 8,
  parameter integer PIPE = 0
) (
  input  wire         clk,
  input  wire         load,
  input  wire [M*A-1:0] act,
  output reg  [M-1:0] keep
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

  wire [M*A-1:0]   mag;
  wire [PAIRS-1:0] ge;   // ge[pair(i,j)]: |a_i| >= |a_j|, i.e. i beats j (i < j)
  genvar gi, gj;
  generate
    for (gi = 0; gi < M; gi = gi + 1) begin : g_mag
      wire [A-1:0] v = act[gi*A +: A];
      assign mag[gi*A +: A] = v[A-1] ? (~v + 1'b1) : v;
    end
    for (gi = 0; gi < M; gi = gi + 1) begin : g_row
      for (gj = gi + 1; gj < M; gj = gj + 1) begin : g_col
        assign ge[pair_index(gi, gj)] = mag[gi*A +: A] >= mag[gj*A +: A];
      end
    end
  endgenerate

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

  // Rank of j: how many channels beat it. Kept when the rank is below N.
  reg [RW-1:0] rank;
  integer i, j;
  always @* begin
    for (j = 0; j < M; j = j + 1) begin
      rank = {RW{1'b0}};
      for (i = 0; i < M; i = i + 1) begin
        if (i < j)      rank = rank + {{(RW-1){1'b0}}, ge_s[pair_index(i, j)]};
        else if (i > j) rank = rank + {{(RW-1){1'b0}}, ~ge_s[pair_index(j, i)]};
      end
      keep[j] = rank < N[RW-1:0];
    end
  end
endmodule
