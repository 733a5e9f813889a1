// nm_meta_decode_bitmask: bitmask metadata of one token row (bit j = channel j kept) into one-hot
// lane selects. Kept channels fill the N lanes of their group in channel order, so lane k can only
// hold channels k .. M-N+k: sel[(g*N+k)*F + t] = 1 when channel g*M+k+t is the (k+1)-th kept one of
// group g (F = M-N+1). A lane with no such channel (fewer than k+1 bits set) selects nothing (0).
// The kept-below counts come from a log-depth prefix count per group (nm_prefix_count).
module nm_meta_decode_bitmask #(
  parameter integer WINDOW = 4,
  parameter integer M      = 4,
  parameter integer N      = 2
) (
  input  wire [WINDOW-1:0]                     mask,
  output wire [(WINDOW/M)*N*(M-N+1)-1:0]       sel
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 0;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer GROUPS = WINDOW / M;
  localparam integer F      = M - N + 1;
  localparam integer RW     = $clog2(M) + 1;

  localparam integer LM     = $clog2(M);

  genvar g, j, k;
  generate
    for (g = 0; g < GROUPS; g = g + 1) begin : g_group
      // cnt[(LM*M + j)*RW +: RW]: kept channels of group g below channel j (log-depth prefix count).
      /* verilator lint_off UNUSEDSIGNAL */  // the counts of the smaller blocks
      wire [(LM+1)*M*RW-1:0] cnt;
      /* verilator lint_on UNUSEDSIGNAL */
      nm_prefix_count #(.M(M), .CW(RW)) u_count (.bits(mask[g*M +: M]), .cnt(cnt));
      for (j = 0; j < M; j = j + 1) begin : g_chan
        // Channel j can feed lanes k with 0 <= j-k < F; it does when it is the (k+1)-th kept one.
        for (k = 0; k < N; k = k + 1) begin : g_lane
          if (j >= k && j - k < F) begin : g_candidate
            assign sel[(g*N + k)*F + (j - k)] = mask[g*M + j] && (cnt[(LM*M + j)*RW +: RW] == k);
          end
        end
      end
    end
  endgenerate
endmodule
