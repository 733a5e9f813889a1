// nm_compressor_flex_rank: the online compressor of one token row of a flexible engine,
// organization `rank`: WINDOW dense activations and the active mode in, the keep mask out (bit j
// set when channel j is among the n_q largest magnitudes of its group of m_q in mode q, ties to the
// lower channel). One nm_topn_rank (with its mode mask) per group of the largest mode's M; PIPE as there.
module nm_compressor_flex_rank #(
  parameter integer WINDOW  = 4,
  parameter integer M       = 4,
  parameter integer N       = 2,
  parameter integer A       = 8,
  parameter integer PIPE    = 0,
  parameter integer MODES   = 2,
  parameter integer MB      = 1,
  parameter integer MODE_LM = 0
) (
  input  wire                clk,
  input  wire                load,
  input  wire [MB-1:0]       mode,
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
      nm_topn_rank #(.M(M), .N(N), .A(A), .PIPE(PIPE), .MODES(MODES), .MB(MB), .MODE_LM(MODE_LM)) topn (
        .clk (clk),
        .load(load),
        .mode(mode),
        .act (act[g*M*A +: M*A]),
        .keep(keep[g*M +: M])
      );
    end
  endgenerate
endmodule
