// nm_compressor: the online N:M compressor of one token row: WINDOW dense activations in, the
// keep mask out (bit j set when channel j is among the N largest magnitudes of its group of M,
// ties to the lower channel). One nm_topn_rank per group; PIPE as there.
module nm_compressor #(
  parameter integer WINDOW = 4,
  parameter integer M      = 4,
  parameter integer N      = 2,
  parameter integer A      = 8,
  parameter integer PIPE   = 0
) (
  input  wire                clk,
  input  wire                load,
  input  wire [WINDOW*A-1:0] act,
  output wire [WINDOW-1:0]   keep
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = PIPE;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer GROUPS = WINDOW / M;

  genvar g;
  generate
    for (g = 0; g < GROUPS; g = g + 1) begin : g_group
      nm_topn_rank #(.M(M), .N(N), .A(A), .PIPE(PIPE)) topn (
        .clk (clk),
        .load(load),
        .mode(1'b0),
        .act (act[g*M*A +: M*A]),
        .keep(keep[g*M +: M])
      );
    end
  endgenerate
endmodule
