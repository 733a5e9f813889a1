// nm_meta_decode_bitmask: bitmask metadata of one token row (bit j = channel j kept) into one-hot
// lane selects. Kept channels fill the N lanes of their group in channel order, so lane k can only
// hold channels k .. M-N+k: sel[(g*N+k)*F + t] = 1 when channel g*M+k+t is the (k+1)-th kept one of
// group g (F = M-N+1). A lane with no such channel (fewer than k+1 bits set) selects nothing (0).
// The kept-below counts come from a Kogge-Stone prefix count per group (log2(M)-1 adder levels,
// every count driving at most two adders), stopped one level short: the count below channel j is
// left as two addends xa + xb (the windows j-M/2 .. j-1 and below), and "count == k" is tested on
// them without the last carry chain (sum-addressed compare: xa + xb = k exactly when, bit for bit,
// xa ^ xb ^ k equals the carry that xa + xb would need to produce k, and no carry leaves the top).
// Only "count == k for k < N" is asked, so a count is CB = clog2(N) bits modulo 2^CB plus a sticky
// "at least 2^CB" bit (TW = CB+1 bits, a prefix OR alone when N = 1): the network's width follows N.
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
  localparam integer LM     = $clog2(M);
  localparam integer CB     = $clog2(N);  // count bits: k < N <= 2^CB
  localparam integer TW     = CB + 1;     // {at least 2^CB, count mod 2^CB}
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0]   low32 = (1 << CB) - 1;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [TW-1:0] low   = low32[TW-1:0];  // the count bits; ~low is the "at least 2^CB" bit

  genvar g, j, k;
  generate
    for (g = 0; g < GROUPS; g = g + 1) begin : g_group
      // c[(l*M + i)*TW +: TW]: set bits among channels i-2^l+1 .. i of the group (clipped at 0),
      // l = 0 .. LM-1, saturated as above. One process, so an event-driven simulator evaluates the
      // network once per change.
      /* verilator lint_off UNUSEDSIGNAL */  // the last channel's window counts
      reg [LM*M*TW-1:0] c;
      /* verilator lint_on UNUSEDSIGNAL */
      reg [TW-1:0] ca, cb, cs;
      integer l, i;
      always @* begin
        for (i = 0; i < M; i = i + 1) begin c[i*TW +: TW] = {TW{1'b0}}; c[i*TW] = mask[g*M + i]; end
        for (l = 0; l < LM - 1; l = l + 1)
          for (i = 0; i < M; i = i + 1) begin
            ca = c[(l*M + i)*TW +: TW];
            cb = i >= (1 << l) ? c[(l*M + i - (1 << l))*TW +: TW] : {TW{1'b0}};
            cs = (ca & low) + (cb & low);
            c[((l+1)*M + i)*TW +: TW] = (cs & low) | ({TW{ca[CB] | cb[CB] | cs[CB]}} & ~low);
          end
      end
      for (j = 0; j < M; j = j + 1) begin : g_chan
        // Kept below j: the window of 2^(LM-1) channels ending at j-1, plus the one below it.
        wire [TW-1:0] xa = j >= 1 ? c[((LM-1)*M + (j >= 1 ? j - 1 : 0))*TW +: TW] : {TW{1'b0}};
        wire [TW-1:0] xb = j - 1 >= M / 2 ? c[((LM-1)*M + (j - 1 >= M / 2 ? j - 1 - M / 2 : 0))*TW +: TW] : {TW{1'b0}};
        wire          over = xa[CB] | xb[CB];
        wire [TW-1:0] half = (xa ^ xb) & low;
        wire [TW-1:0] both = xa & xb & low;
        // Channel j can feed lanes k with 0 <= j-k < F; it does when it is the (k+1)-th kept one.
        for (k = 0; k < N; k = k + 1) begin : g_lane
          if (j >= k && j - k < F) begin : g_candidate
            /* verilator lint_off UNUSEDSIGNAL */
            wire [31:0]   k32  = k;
            wire [TW-1:0] kk   = k32[TW-1:0];
            // Carry into bit i+1 when sum bit i is k's; bit CB is the carry out (must be 0).
            wire [TW-1:0] need = (both | (half & ~kk)) << 1;
            /* verilator lint_on UNUSEDSIGNAL */
            assign sel[(g*N + k)*F + (j - k)] = mask[g*M + j] && !over && ((half ^ kk) == need);
          end
        end
      end
    end
  endgenerate
endmodule
