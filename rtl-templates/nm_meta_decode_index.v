// nm_meta_decode_index: index metadata of one token row (per lane, the position of its kept value
// inside its group, log2(M) bits) into one-hot lane selects: sel[(g*N+k)*F + t] = 1 when lane k of
// group g holds position k+t (F = M-N+1). Positions outside k .. M-N+k, which channel-ordered
// metadata never has, select nothing (the lane contributes 0).
module nm_meta_decode_index #(
  parameter integer WINDOW = 4,
  parameter integer M      = 4,
  parameter integer N      = 2
) (
  input  wire [(WINDOW/M)*N*$clog2(M)-1:0]     idx,
  output reg  [(WINDOW/M)*N*(M-N+1)-1:0]       sel
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 0;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer GROUPS = WINDOW / M;
  localparam integer F      = M - N + 1;
  localparam integer IW     = $clog2(M);

  reg [IW-1:0] pos;  // k + t < M, so IW bits hold it
  integer g, k, t;
  always @* begin
    sel = {(GROUPS*N*F){1'b0}};
    for (g = 0; g < GROUPS; g = g + 1) begin
      for (k = 0; k < N; k = k + 1) begin
        for (t = 0; t < F; t = t + 1) begin
          pos = k[IW-1:0] + t[IW-1:0];
          sel[(g*N + k)*F + t] = idx[(g*N + k)*IW +: IW] == pos;
        end
      end
    end
  end
endmodule
