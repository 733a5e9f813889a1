// nm_mode_capture: the run-time mode of a flexible engine (contract section 3). cfg_mode is sampled
// on the edge that takes the first slice of a dot product and held for the whole dot product;
// mode_q is the mode of the slice in stage 0. first_q is set by reset and by taking a last slice.
// mode_q is not reset: it is only read while stage 0 holds a slice.
module nm_mode_capture #(
  parameter integer MB = 2
) (
  input  wire          clk,
  input  wire          rst_n,
  input  wire          take,
  input  wire          last,
  input  wire [MB-1:0] cfg_mode,
  output wire [MB-1:0] mode_q
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 1;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */

  reg          first_q;
  reg [MB-1:0] mode_r;

  always @(posedge clk) begin
    if (!rst_n) first_q <= 1'b1;
    else if (take) first_q <= last;
    if (take && first_q) mode_r <= cfg_mode;
  end

  assign mode_q = mode_r;
endmodule
