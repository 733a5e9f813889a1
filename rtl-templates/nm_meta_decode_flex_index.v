// nm_meta_decode_flex_index: index metadata of one token row (per lane p, the position of its kept
// value inside its group of the active mode, in $clog2(M) bits) into the one-hot selects of the
// largest mode's lane muxes (F = M-N+1 candidates per lane, lane p holding channels
// (p/N)*M + p%N + t). In mode q (m_q = 2^MODE_LM[3q +: 3], n_q = m_q*N/M) lane p is lane k = p%n_q
// of group g = p/n_q; a position in k .. k+m_q-n_q selects channel g*m_q + position (always a
// candidate of lane p); any other position, which channel-ordered metadata never has, selects nothing.
module nm_meta_decode_flex_index #(
  parameter integer WINDOW  = 4,
  parameter integer M       = 4,
  parameter integer N       = 2,
  parameter integer MODES   = 2,
  parameter integer MB      = 1,
  parameter integer MODE_LM = 0
) (
  input  wire [MB-1:0]                     mode,
  input  wire [(WINDOW/M)*N*$clog2(M)-1:0] idx,
  output reg  [(WINDOW/M)*N*(M-N+1)-1:0]   sel
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 0;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer GROUPS = WINDOW / M;
  localparam integer F      = M - N + 1;
  localparam integer P      = GROUPS * N;
  localparam integer IW     = $clog2(M);

  function integer mode_m(input integer q);
    mode_m = 1 << ((MODE_LM >> (3 * q)) & 7);
  endfunction
  function integer mode_n(input integer q);
    mode_n = (mode_m(q) * N) / M;
  endfunction
  function integer lane_start(input integer p);
    lane_start = (p / N) * M + (p % N);
  endfunction
  function integer cand_pos(input integer q, input integer p, input integer t);
    cand_pos = lane_start(p) + t - (p / mode_n(q)) * mode_m(q);
  endfunction
  function integer cand_ok(input integer q, input integer p, input integer t);
    cand_ok = (cand_pos(q, p, t) >= p % mode_n(q) && cand_pos(q, p, t) - p % mode_n(q) <= mode_m(q) - mode_n(q)) ? 1 : 0;
  endfunction
  /* verilator lint_off UNUSEDSIGNAL */  // the constant's high bits
  function [IW-1:0] pos_bits(input integer q, input integer p, input integer t);
    integer v;
    begin
      v = cand_pos(q, p, t);
      pos_bits = v[IW-1:0];
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // One term per mode for each select: the lane's index equals that candidate's position.
  genvar gp, gt, gm;
  generate
    for (gp = 0; gp < P; gp = gp + 1) begin : g_lane
      for (gt = 0; gt < F; gt = gt + 1) begin : g_cand
        wire [MODES-1:0] hit;
        for (gm = 0; gm < MODES; gm = gm + 1) begin : g_mode
          if (cand_ok(gm, gp, gt) != 0) begin : g_on
            assign hit[gm] = mode == gm[MB-1:0] && idx[gp*IW +: IW] == pos_bits(gm, gp, gt);
          end else begin : g_off
            assign hit[gm] = 1'b0;
          end
        end
        always @* sel[gp*F + gt] = |hit;
      end
    end
  endgenerate
endmodule
