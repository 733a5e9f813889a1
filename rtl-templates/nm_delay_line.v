// nm_delay_line: DEPTH pipeline registers of WIDTH bits. Register k captures on load[k] (its
// stage's load enable from nm_stream_control), so data stays aligned with the stage valid bits
// through stalls. Not reset: contents are only read while the matching valid bit is set.
module nm_delay_line #(
  parameter integer WIDTH = 8,
  parameter integer DEPTH = 1
) (
  input  wire             clk,
  input  wire [DEPTH-1:0] load,
  input  wire [WIDTH-1:0] d,
  output wire [WIDTH-1:0] q
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = DEPTH;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */

  reg [WIDTH*DEPTH-1:0] chain_q;
  integer k;

  always @(posedge clk) begin
    if (load[0]) chain_q[0 +: WIDTH] <= d;
    for (k = 1; k < DEPTH; k = k + 1) begin
      if (load[k]) chain_q[k*WIDTH +: WIDTH] <= chain_q[(k-1)*WIDTH +: WIDTH];
    end
  end

  assign q = chain_q[(DEPTH-1)*WIDTH +: WIDTH];
endmodule
