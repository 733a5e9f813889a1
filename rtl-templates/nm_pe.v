// nm_pe: processing element (r, c). P signed A x B multipliers on the lane operands, their sum
// (PSUM bits, sign-extended products), a partial-sum register (stage psum), then the accumulator
// and the result register (stage output): on the last slice of a dot product the result register
// takes accumulator + partial sum, and the next slice starts again from zero (acc_first).
// Arithmetic is modulo 2^ACC, read as two's complement (contract section 2).
module nm_pe #(
  parameter integer P    = 2,
  parameter integer A    = 8,
  parameter integer B    = 8,
  parameter integer ACC  = 32,
  parameter integer PSUM = 17
) (
  input  wire           clk,
  input  wire           rst_n,
  input  wire           load_psum,
  input  wire           load_out,
  input  wire           psum_last,
  input  wire           acc_first,
  input  wire [P*A-1:0] act_lane,
  input  wire [P*B-1:0] wgt_lane,
  output wire [ACC-1:0] out
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = 2;  // read by the generator, checked against the schedule
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

  reg [PSUM-1:0] sum;
  integer i;
  always @* begin
    sum = {PSUM{1'b0}};
    for (i = 0; i < P; i = i + 1) sum = sum + prod_ext[i*PSUM +: PSUM];
  end

  reg  [PSUM-1:0] psum_q;
  always @(posedge clk) if (load_psum) psum_q <= sum;

  wire [ACC-1:0] psum_acc;
  generate
    if (ACC > PSUM) begin : g_psum_ext
      assign psum_acc = {{(ACC-PSUM){psum_q[PSUM-1]}}, psum_q};
    end else begin : g_psum_same
      assign psum_acc = psum_q;
    end
  endgenerate

  reg  [ACC-1:0] acc_q, out_q;
  wire [ACC-1:0] acc_next = (acc_first ? {ACC{1'b0}} : acc_q) + psum_acc;
  always @(posedge clk) begin
    if (!rst_n) begin
      acc_q <= {ACC{1'b0}};
      out_q <= {ACC{1'b0}};
    end else if (load_out) begin
      if (psum_last) out_q <= acc_next;
      else           acc_q <= acc_next;
    end
  end
  assign out = out_q;
endmodule
