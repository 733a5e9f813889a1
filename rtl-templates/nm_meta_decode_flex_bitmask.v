// nm_meta_decode_flex_bitmask: bitmask metadata of one token row (bit j = channel j kept) in the
// active mode of a flexible engine into the one-hot selects of the largest mode's lane muxes
// (P = (WINDOW/M)*N lanes, F = M-N+1 candidates each, lane p holding channels
// (p/N)*M + p%N + t). In mode q (m_q = 2^MODE_LM[3q +: 3], n_q = m_q*N/M) lane p is lane k = p%n_q
// of group g = p/n_q and takes the (k+1)-th kept channel of that group when it lies in k .. k+m_q-n_q
// (always a candidate of lane p in the largest mode); otherwise the lane selects nothing (0).
// One log-depth prefix count per group of M (nm_prefix_count) serves every mode: its level log2(m_q)
// counts inside mode q's groups.
module nm_meta_decode_flex_bitmask #(
  parameter integer WINDOW  = 4,
  parameter integer M       = 4,
  parameter integer N       = 2,
  parameter integer MODES   = 2,
  parameter integer MB      = 1,
  parameter integer MODE_LM = 0
) (
  input  wire [MB-1:0]                   mode,
  input  wire [WINDOW-1:0]               mask,
  output reg  [(WINDOW/M)*N*(M-N+1)-1:0] sel
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 0;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer GROUPS = WINDOW / M;
  localparam integer F      = M - N + 1;
  localparam integer P      = GROUPS * N;
  localparam integer RW     = $clog2(M) + 1;

  function integer mode_m(input integer q);
    mode_m = 1 << ((MODE_LM >> (3 * q)) & 7);
  endfunction
  function integer mode_n(input integer q);
    mode_n = (mode_m(q) * N) / M;
  endfunction
  // First candidate channel of lane p in the largest mode.
  function integer lane_start(input integer p);
    lane_start = (p / N) * M + (p % N);
  endfunction
  // Position inside its mode-q group of candidate t of lane p.
  function integer cand_pos(input integer q, input integer p, input integer t);
    cand_pos = lane_start(p) + t - (p / mode_n(q)) * mode_m(q);
  endfunction
  // Candidate t of lane p can hold the lane's value in mode q: its position is k .. k+m_q-n_q.
  function integer cand_ok(input integer q, input integer p, input integer t);
    cand_ok = (cand_pos(q, p, t) >= p % mode_n(q) && cand_pos(q, p, t) - p % mode_n(q) <= mode_m(q) - mode_n(q)) ? 1 : 0;
  endfunction
  /* verilator lint_off UNUSEDSIGNAL */  // the constant's high bits
  function [RW-1:0] lane_k(input integer q, input integer p);
    integer v;
    begin
      v = p % mode_n(q);
      lane_k = v[RW-1:0];
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // cnt[((g*(LM+1) + l)*M + j)*RW +: RW]: kept channels below channel g*M+j in its aligned block of
  // 2^l channels; mode q reads level log2(m_q), its own groups (one log-depth network per group).
  localparam integer LM = $clog2(M);
  /* verilator lint_off UNUSEDSIGNAL */  // levels that name no mode
  wire [GROUPS*(LM+1)*M*RW-1:0] cnt;
  /* verilator lint_on UNUSEDSIGNAL */
  genvar gg;
  generate
    for (gg = 0; gg < GROUPS; gg = gg + 1) begin : g_group
      nm_prefix_count #(.M(M), .CW(RW)) u_count (.bits(mask[gg*M +: M]), .cnt(cnt[gg*(LM+1)*M*RW +: (LM+1)*M*RW]));
    end
  endgenerate
  function integer kb_at(input integer q, input integer c);
    kb_at = (((c / M)*(LM+1) + ((MODE_LM >> (3 * q)) & 7))*M + c % M)*RW;
  endfunction

  // One term per mode for each select; each is a constant choice of kept-below count and channel.
  genvar gp, gt, gm;
  generate
    for (gp = 0; gp < P; gp = gp + 1) begin : g_lane
      for (gt = 0; gt < F; gt = gt + 1) begin : g_cand
        wire [MODES-1:0] hit;
        for (gm = 0; gm < MODES; gm = gm + 1) begin : g_mode
          if (cand_ok(gm, gp, gt) != 0) begin : g_on
            assign hit[gm] = mode == gm[MB-1:0] && mask[lane_start(gp) + gt] && cnt[kb_at(gm, lane_start(gp) + gt) +: RW] == lane_k(gm, gp);
          end else begin : g_off
            assign hit[gm] = 1'b0;
          end
        end
        always @* sel[gp*F + gt] = |hit;
      end
    end
  endgenerate
endmodule
