// nm_prefix_count: log-depth prefix count of one group of M bits (M a power of two), for the
// bitmask decoders. cnt[(l*M + j)*CW +: CW] = set bits of the aligned block of 2^l bits holding j
// that lie below j (l = 0 .. log2(M); level log2(M) counts over the whole group), so a flexible
// decoder reads mode m_q's counts at level log2(m_q) of one network. Sklansky structure: level l+1
// adds, to each bit of the upper half of a 2^(l+1) block, the lower half's inclusive count: log2(M)
// adder levels of l+1 bits instead of an M-1 long chain of increments.
module nm_prefix_count #(
  parameter integer M  = 4,
  parameter integer CW = 3
) (
  input  wire [M-1:0]                        bits,
  output wire [($clog2(M)+1)*M*CW-1:0]       cnt
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 0;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */
  localparam integer LOG = $clog2(M);

  // inc[(l*M + j)*CW +: CW]: set bits of j's aligned 2^l block up to and including j. One process
  // (not one assign per count), so an event-driven simulator evaluates the network once per change.
  /* verilator lint_off UNUSEDSIGNAL */  // each block's last inclusive count and the high bits
  reg [(LOG+1)*M*CW-1:0] inc;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [(LOG+1)*M*CW-1:0] exc;
  reg [CW-1:0]           low_mask;
  integer l, j;
  always @* begin
    for (j = 0; j < M; j = j + 1) inc[j*CW +: CW] = {{(CW-1){1'b0}}, bits[j]};
    for (l = 0; l < LOG; l = l + 1) begin
      low_mask = (1 << (l + 1)) - 1;  // counts of level l fit l+1 bits
      for (j = 0; j < M; j = j + 1) begin
        if (((j >> l) & 1) != 0)
          // Upper half: plus the lower half's last bit, (j with bits 0..l cleared) + 2^l - 1.
          inc[((l+1)*M + j)*CW +: CW] = (inc[(l*M + j)*CW +: CW] & low_mask)
                                      + (inc[(l*M + ((j >> (l + 1)) << (l + 1)) + (1 << l) - 1)*CW +: CW] & low_mask);
        else
          inc[((l+1)*M + j)*CW +: CW] = inc[(l*M + j)*CW +: CW];
      end
    end
    // Exclusive counts: the inclusive count of the bit below, 0 at the start of a block.
    for (l = 0; l <= LOG; l = l + 1) begin
      for (j = 0; j < M; j = j + 1) begin
        if ((j % (1 << l)) == 0) exc[(l*M + j)*CW +: CW] = {CW{1'b0}};
        else                     exc[(l*M + j)*CW +: CW] = inc[(l*M + j - 1)*CW +: CW];
      end
    end
  end
  assign cnt = exc;
endmodule
