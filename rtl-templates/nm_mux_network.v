// nm_mux_network: one-hot AND-OR word muxes that gather, for each of the P = (WINDOW/M)*N lanes,
// its operand among the F = M-N+1 channels that lane can hold (channels g*M+k .. g*M+k+F-1 for
// lane k of group g). Used for a row's activations and for each PE's weights. A lane whose select
// is all zero outputs 0.
module nm_mux_network #(
  parameter integer WINDOW = 4,
  parameter integer M      = 4,
  parameter integer N      = 2,
  parameter integer WIDTH  = 8
) (
  input  wire [(WINDOW/M)*N*(M-N+1)-1:0] sel,
  input  wire [WINDOW*WIDTH-1:0]         data,
  output reg  [(WINDOW/M)*N*WIDTH-1:0]   lanes
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 0;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer GROUPS = WINDOW / M;
  localparam integer F      = M - N + 1;

  integer g, k, t;
  always @* begin
    lanes = {(GROUPS*N*WIDTH){1'b0}};
    for (g = 0; g < GROUPS; g = g + 1) begin
      for (k = 0; k < N; k = k + 1) begin
        for (t = 0; t < F; t = t + 1) begin
          lanes[(g*N + k)*WIDTH +: WIDTH] = lanes[(g*N + k)*WIDTH +: WIDTH]
            | (data[(g*M + k + t)*WIDTH +: WIDTH] & {WIDTH{sel[(g*N + k)*F + t]}});
        end
      end
    end
  end
endmodule
