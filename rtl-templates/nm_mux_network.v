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
  output wire [(WINDOW/M)*N*WIDTH-1:0]   lanes
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 0;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer GROUPS = WINDOW / M;
  localparam integer F      = M - N + 1;

  genvar g, k;
  generate
    for (g = 0; g < GROUPS; g = g + 1) begin : g_group
      for (k = 0; k < N; k = k + 1) begin : g_lane
        // Lane k of group g can hold channels g*M+k .. g*M+k+F-1: a contiguous slice of `data`.
        wire [F-1:0]       s    = sel[(g*N + k)*F +: F];
        wire [F*WIDTH-1:0] cand = data[(g*M + k)*WIDTH +: F*WIDTH];
        reg  [WIDTH-1:0]   y;
        integer t;
        always @* begin
          y = {WIDTH{1'b0}};
          for (t = 0; t < F; t = t + 1) y = y | (cand[t*WIDTH +: WIDTH] & {WIDTH{s[t]}});
        end
        assign lanes[(g*N + k)*WIDTH +: WIDTH] = y;
      end
    end
  endgenerate
endmodule
