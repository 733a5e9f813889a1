// nm_pe: processing element (r, c). P signed A x B multipliers on the lane operands, their sum
// (PSUM bits, sign-extended products), a partial-sum register (stage psum), then the accumulator
// and the result register (stage output): on the last slice of a dot product the result register
// takes accumulator + partial sum, and the next slice starts again from zero (acc_first: the
// partial sum alone, selected after the add).
// Arithmetic is modulo 2^ACC, read as two's complement (contract section 2).
// SPLIT = 1 (the schedule's psum split) registers PARTS partial sums of P/PARTS lanes each (PART
// bits, sign-extended, exact) on load_psum[0], and their sum goes into the partial-sum register on
// load_psum[1]: one more stage. PARTS = P registers the products, PARTS = 2 the two half sums.
// SKID = 1 (schedule option readyCut): acc_first[1] is the control's hold flag. The last slice of a
// dot product also moves the result register's old word into the accumulator register (free then:
// the next slice starts from zero), and while hold is set `out` shows that older, unread word.
module nm_pe #(
  parameter integer P    = 2,
  parameter integer A    = 8,
  parameter integer B    = 8,
  parameter integer ACC  = 32,
  parameter integer PSUM = 17,
  parameter integer SPLIT = 0,  // 1 when PARTS > 0
  parameter integer PARTS = 0,
  parameter integer PART  = 1,
  parameter integer SKID  = 0
) (
  input  wire           clk,
  input  wire           rst_n,
  input  wire [SPLIT:0]   load_psum,
  input  wire           load_out,
  input  wire           psum_last,
  input  wire [SKID:0]  acc_first,
  input  wire [P*A-1:0] act_lane,
  input  wire [P*B-1:0] wgt_lane,
  output wire [ACC-1:0] out
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 2 + SPLIT;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */

  wire [P*PSUM-1:0] prod_ext;
  genvar k;
  generate
    for (k = 0; k < P; k = k + 1) begin : g_lane
      wire signed [A+B-1:0] prod = $signed(act_lane[k*A +: A]) * $signed(wgt_lane[k*B +: B]);
      if (PSUM > A + B) begin : g_ext
        assign prod_ext[k*PSUM +: PSUM] = {{(PSUM-A-B){prod[A+B-1]}}, prod};
      end else begin : g_same
        assign prod_ext[k*PSUM +: PSUM] = prod;
      end
    end
  endgenerate

  // The sum of the P products (the partial sum of an unsplit PE; unused when SPLIT = 1).
  /* verilator lint_off UNUSEDSIGNAL */
  reg [PSUM-1:0] sum;
  /* verilator lint_on UNUSEDSIGNAL */
  integer i;
  always @* begin
    sum = {PSUM{1'b0}};
    for (i = 0; i < P; i = i + 1) sum = sum + prod_ext[i*PSUM +: PSUM];
  end

  wire [PSUM-1:0] psum_d;  // what the partial-sum register takes
  generate
    if (SPLIT == 0) begin : g_whole
      assign psum_d = sum;
    end else begin : g_split
      localparam integer PL = P / (PARTS + 1 - SPLIT);  // lanes per part (PARTS > 0 when SPLIT = 1)
      reg  [PARTS*PART-1:0] part_d, part_q;
      wire [PARTS*PSUM-1:0] part_ext;  // each registered part sign-extended to PSUM bits
      reg  [PSUM-1:0] part_sum, merged;
      integer q, k2;
      genvar gq;
      for (gq = 0; gq < PARTS; gq = gq + 1) begin : g_part
        wire [PART-1:0] pq = part_q[gq*PART +: PART];
        if (PSUM > PART) begin : g_ext
          assign part_ext[gq*PSUM +: PSUM] = {{(PSUM-PART){pq[PART-1]}}, pq};
        end else begin : g_same
          assign part_ext[gq*PSUM +: PSUM] = pq;
        end
      end
      always @* begin
        for (q = 0; q < PARTS; q = q + 1) begin
          part_sum = {PSUM{1'b0}};
          for (k2 = 0; k2 < PL; k2 = k2 + 1) part_sum = part_sum + prod_ext[(q*PL+k2)*PSUM +: PSUM];
          part_d[q*PART +: PART] = part_sum[PART-1:0];
        end
      end
      always @(posedge clk) if (load_psum[0]) part_q <= part_d;
      always @* begin
        merged = {PSUM{1'b0}};
        for (q = 0; q < PARTS; q = q + 1) merged = merged + part_ext[q*PSUM +: PSUM];
      end
      assign psum_d = merged;
    end
  endgenerate

  reg  [PSUM-1:0] psum_q;
  always @(posedge clk) if (load_psum[SPLIT]) psum_q <= psum_d;

  wire [ACC-1:0] psum_acc;
  generate
    if (ACC > PSUM) begin : g_psum_ext
      assign psum_acc = {{(ACC-PSUM){psum_q[PSUM-1]}}, psum_q};
    end else begin : g_psum_same
      assign psum_acc = psum_q;
    end
  endgenerate

  reg  [ACC-1:0] acc_q, out_q;
  // The first slice of a dot product selects the partial sum after the add, not acc_q before it:
  // acc_first fans out to every accumulator bit of the array, and so stays off the carry chain.
  wire [ACC-1:0] acc_sum  = acc_q + psum_acc;
  wire [ACC-1:0] acc_next = acc_first[0] ? psum_acc : acc_sum;
  always @(posedge clk) begin
    if (!rst_n) begin
      acc_q <= {ACC{1'b0}};
      out_q <= {ACC{1'b0}};
    end else if (load_out) begin
      if (psum_last) out_q <= acc_next;
      if (psum_last && SKID != 0) acc_q <= out_q;
      else if (!psum_last)        acc_q <= acc_next;
    end
  end
  generate
    if (SKID != 0) begin : g_skid
      assign out = acc_first[SKID] ? acc_q : out_q;
    end else begin : g_plain
      assign out = out_q;
    end
  endgenerate
endmodule
