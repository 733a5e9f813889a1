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
  /* verilator lint_off UNUSEDSIGNAL */  // the constant's high bits
  function [RW-1:0] rw_bits(input integer v);
    rw_bits = v[RW-1:0];
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // One term per mode for each select; each is a constant choice of kept-below count and channel.
  // Candidate t of lane p in the largest mode is channel C = (p/N)*M + p%N + t. In mode q (groups of
  // MQ = 2^LQ channels keeping NQ = MQ*N/M) lane p is lane K = p % NQ of group p / NQ, and C sits at
  // POS = C - (p / NQ)*MQ in that group: C can hold the lane's value when POS is K .. K+MQ-NQ, and
  // does when C is kept with K kept channels below it in its group (level LQ of the prefix count).
  // Written out as arithmetic on the genvars (no localparams: the generator's template parser reads
  // the body's localparams): the same as nested constant functions, one call chain per lane,
  // candidate and mode, kept Yosys's frontend busy for minutes at M = 32.
  genvar gp, gt, gm;
  generate
    for (gp = 0; gp < P; gp = gp + 1) begin : g_lane
      for (gt = 0; gt < F; gt = gt + 1) begin : g_cand
        wire [MODES-1:0] hit;
        for (gm = 0; gm < MODES; gm = gm + 1) begin : g_mode
          if ((gp / N) * M + gp % N + gt - (gp / (((1 << ((MODE_LM >> (3 * gm)) & 7)) * N) / M)) * (1 << ((MODE_LM >> (3 * gm)) & 7))
                >= gp % (((1 << ((MODE_LM >> (3 * gm)) & 7)) * N) / M)
              && (gp / N) * M + gp % N + gt - (gp / (((1 << ((MODE_LM >> (3 * gm)) & 7)) * N) / M)) * (1 << ((MODE_LM >> (3 * gm)) & 7))
                   - gp % (((1 << ((MODE_LM >> (3 * gm)) & 7)) * N) / M)
                 <= (1 << ((MODE_LM >> (3 * gm)) & 7)) - ((1 << ((MODE_LM >> (3 * gm)) & 7)) * N) / M) begin : g_on
            assign hit[gm] = mode == gm[MB-1:0] && mask[(gp / N) * M + gp % N + gt]
              && cnt[((gp / N) * (LM + 1) + ((MODE_LM >> (3 * gm)) & 7)) * M * RW + (gp % N + gt) * RW +: RW]
                 == rw_bits(gp % (((1 << ((MODE_LM >> (3 * gm)) & 7)) * N) / M));
          end else begin : g_off
            assign hit[gm] = 1'b0;
          end
        end
        always @* sel[gp*F + gt] = |hit;
      end
    end
  endgenerate
endmodule
