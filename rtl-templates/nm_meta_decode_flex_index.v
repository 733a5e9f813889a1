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

  /* verilator lint_off UNUSEDSIGNAL */  // the constant's high bits
  function [IW-1:0] iw_bits(input integer v);
    iw_bits = v[IW-1:0];
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // Candidate t of lane p in the largest mode is channel (p/N)*M + p%N + t. In mode q (groups of
  // MQ = 2^LQ channels keeping NQ = MQ*N/M) lane p is lane K = p % NQ of group p / NQ, and the
  // candidate sits at POS = (p/N)*M + p%N + t - (p / NQ)*MQ in that group: it can hold the lane's
  // value when POS is K .. K+MQ-NQ, and does when the lane's index is POS. Written out as arithmetic
  // on the genvars (no localparams: the generator's template parser reads the body's localparams);
  // the same as nested constant functions, one call chain per lane, candidate and mode, kept Yosys's
  // frontend busy for minutes at M = 32.
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
            assign hit[gm] = mode == gm[MB-1:0]
              && idx[gp*IW +: IW] == iw_bits((gp / N) * M + gp % N + gt - (gp / (((1 << ((MODE_LM >> (3 * gm)) & 7)) * N) / M)) * (1 << ((MODE_LM >> (3 * gm)) & 7)));
          end else begin : g_off
            assign hit[gm] = 1'b0;
          end
        end
        always @* sel[gp*F + gt] = |hit;
      end
    end
  endgenerate
endmodule
