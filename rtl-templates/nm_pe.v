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
// CS = 1 (SPLIT = 1 only) sums the registered parts in carry-save form: each part's sign bit is
// inverted (x = x' - 2^(PART-1), x' unsigned), a tree of full adders reduces them to two PSUM-bit
// vectors whose sum is exactly the sum of the x' (it stays below 2^PSUM, so no carry is lost), and
// those two vectors are the partial-sum register; the accumulator adds both and the constant
// -PARTS*2^(PART-1) (mod 2^ACC) in one carry-save add: the partial sum's final carry chain moves
// into the accumulator's add.
module nm_pe #(
  parameter integer P    = 2,
  parameter integer A    = 8,
  parameter integer B    = 8,
  parameter integer ACC  = 32,
  parameter integer PSUM = 17,
  parameter integer SPLIT = 0,  // 1 when PARTS > 0
  parameter integer PARTS = 0,
  parameter integer PART  = 1,
  parameter integer CS    = 0,  // 1: carry-save partial sum (SPLIT = 1)
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
  // Carry-save reduction sizes: vectors left after l levels of full adders, and the levels down to two.
  function integer csa_next(input integer n);
    csa_next = n > 2 ? 2 * (n / 3) + n % 3 : n;
  endfunction
  function integer csa_at(input integer n0, input integer l);
    integer k;
    begin
      csa_at = n0;
      for (k = 0; k < l; k = k + 1) csa_at = csa_next(csa_at);
    end
  endfunction
  localparam integer CS_LEVELS = 14;  // enough for 256 parts (csa_at(256, 13) = 2)

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
      assign psum_d = CS == 1 ? {PSUM{1'b0}} : merged;
    end
  endgenerate

  // CS = 1: the carry-save reduction of the registered parts (sign bits inverted, unsigned) to two vectors.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [ACC-1:0] cs_add;  // what the accumulator adds besides psum_acc (0 when CS = 0)
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    if (CS == 1 && SPLIT == 1) begin : g_cs
      // Level l holds PARTS vectors of PSUM bits (unused ones zero); CS_LEVELS levels reduce up to
      // 256 parts to two, the levels after that pass their two vectors on. Each level reads only
      // the one before it (Verilator sees one vector, hence UNOPTFLAT off; the last level's
      // vectors beyond the two are unused).
      /* verilator lint_off UNOPTFLAT */
      /* verilator lint_off UNUSEDSIGNAL */
      wire [(CS_LEVELS+1)*PARTS*PSUM-1:0] lv;
      /* verilator lint_on UNUSEDSIGNAL */
      /* verilator lint_on UNOPTFLAT */
      genvar gi, gl, gg;
      for (gi = 0; gi < PARTS; gi = gi + 1) begin : g_in
        wire [PART-1:0] x = g_split.part_q[gi*PART +: PART];
        assign lv[gi*PSUM +: PSUM] = {{(PSUM-PART){1'b0}}, ~x[PART-1], x[PART-2:0]};
      end
      for (gl = 0; gl < CS_LEVELS; gl = gl + 1) begin : g_lv
        // csa_at(PARTS, gl) vectors in, csa_at(PARTS, gl) / 3 full-adder groups, the rest passed on.
        for (gg = 0; gg < csa_at(PARTS, gl) / 3; gg = gg + 1) begin : g_fa
          /* verilator lint_off UNOPTFLAT */
          wire [PSUM-1:0] x = lv[gl*PARTS*PSUM + (3*gg)*PSUM +: PSUM];
          wire [PSUM-1:0] y = lv[gl*PARTS*PSUM + (3*gg+1)*PSUM +: PSUM];
          wire [PSUM-1:0] z = lv[gl*PARTS*PSUM + (3*gg+2)*PSUM +: PSUM];
          /* verilator lint_off UNUSEDSIGNAL */
          wire [PSUM-1:0] maj = (x & y) | (x & z) | (y & z);
          /* verilator lint_on UNUSEDSIGNAL */
          /* verilator lint_on UNOPTFLAT */
          assign lv[(gl+1)*PARTS*PSUM + (2*gg)*PSUM +: PSUM] = x ^ y ^ z;
          assign lv[(gl+1)*PARTS*PSUM + (2*gg+1)*PSUM +: PSUM] = {maj[PSUM-2:0], 1'b0};
        end
        for (gg = 3 * (csa_at(PARTS, gl) / 3); gg < csa_at(PARTS, gl); gg = gg + 1) begin : g_pass
          assign lv[(gl+1)*PARTS*PSUM + (gg - csa_at(PARTS, gl) / 3)*PSUM +: PSUM] = lv[gl*PARTS*PSUM + gg*PSUM +: PSUM];
        end
        if (PARTS > csa_at(PARTS, gl + 1)) begin : g_zero
          assign lv[(gl+1)*PARTS*PSUM + csa_at(PARTS, gl + 1)*PSUM +: (PARTS - csa_at(PARTS, gl + 1))*PSUM] = {((PARTS - csa_at(PARTS, gl + 1))*PSUM){1'b0}};
        end
      end
      reg [PSUM-1:0] s_psum_q, c_psum_q;
      always @(posedge clk) if (load_psum[1]) begin
        s_psum_q <= lv[CS_LEVELS*PARTS*PSUM +: PSUM];
        c_psum_q <= lv[CS_LEVELS*PARTS*PSUM + PSUM +: PSUM];
      end
      // -PARTS*2^(PART-1) mod 2^ACC: the inverted sign bits' correction.
      wire [ACC-1:0] sign_unit = {{(ACC-1){1'b0}}, 1'b1} << (PART - 1);
      /* verilator lint_off WIDTH */  // PARTS is a 32-bit integer; the product is taken mod 2^ACC
      wire [ACC-1:0] sign_fix = ~(sign_unit * PARTS) + 1'b1;
      /* verilator lint_on WIDTH */
      if (ACC > PSUM) begin : g_ext
        assign cs_add = {{(ACC-PSUM){1'b0}}, s_psum_q} + {{(ACC-PSUM){1'b0}}, c_psum_q} + sign_fix;
      end else begin : g_same
        assign cs_add = s_psum_q + c_psum_q + sign_fix;
      end
    end else begin : g_no_cs
      assign cs_add = {ACC{1'b0}};
    end
  endgenerate

  reg  [PSUM-1:0] psum_q;
  always @(posedge clk) if (load_psum[SPLIT]) psum_q <= psum_d;

  /* verilator lint_off UNUSEDSIGNAL */  // CS = 1 adds the carry-save vectors instead
  wire [ACC-1:0] psum_acc;
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    if (ACC > PSUM) begin : g_psum_ext
      assign psum_acc = {{(ACC-PSUM){psum_q[PSUM-1]}}, psum_q};
    end else begin : g_psum_same
      assign psum_acc = psum_q;
    end
  endgenerate

  reg  [ACC-1:0] acc_q, out_q;
  // What the accumulator adds: the partial sum, or (CS) its two carry-save vectors and the sign fix.
  wire [ACC-1:0] acc_in;
  generate
    if (CS == 1 && SPLIT == 1) begin : g_acc_cs
      assign acc_in = cs_add;
    end else begin : g_acc
      assign acc_in = psum_acc;
    end
  endgenerate
  // The first slice of a dot product selects the partial sum after the add, not acc_q before it:
  // acc_first fans out to every accumulator bit of the array, and so stays off the carry chain.
  wire [ACC-1:0] acc_sum  = acc_q + acc_in;
  wire [ACC-1:0] acc_next = acc_first[0] ? acc_in : acc_sum;
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
