// nm_stream_control: the engine's control (contract section 3). Joins the activation and weight
// streams (both readies equal `take`), tracks a valid and a last bit per pipeline stage, stalls
// every stage while an unread result blocks the result register, and flags the first slice of
// each dot product for the accumulators. Stage 0 is written by the edge that takes a slice;
// stage STAGES-1 is the result register, so the latency L equals STAGES.
module nm_stream_control #(
  parameter integer STAGES = 4
) (
  input  wire              clk,
  input  wire              rst_n,
  input  wire              s_act_valid,
  input  wire              s_wgt_valid,
  input  wire              s_act_last,
  input  wire              m_out_ready,
  output wire              take,
  output wire              m_out_valid,
  output wire [STAGES-1:0] load,
  output wire              psum_last,
  output wire              acc_first
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = STAGES;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */

  reg  [STAGES-1:0] valid_q;
  reg  [STAGES-2:0] last_q;
  reg               acc_first_q;
  integer           s;

  // Every stage advances unless the result register holds a result nobody takes.
  wire en = !valid_q[STAGES-1] || m_out_ready;

  assign take        = s_act_valid && s_wgt_valid && en && rst_n;
  assign m_out_valid = valid_q[STAGES-1];
  assign psum_last   = last_q[STAGES-2];
  assign acc_first   = acc_first_q;
  assign load        = {valid_q[STAGES-2:0] & {(STAGES-1){en}}, take};

  always @(posedge clk) begin
    if (!rst_n) begin
      valid_q     <= {STAGES{1'b0}};
      last_q      <= {(STAGES-1){1'b0}};
      acc_first_q <= 1'b1;
    end else if (en) begin
      valid_q[0] <= take;
      if (take) last_q[0] <= s_act_last;
      for (s = 1; s < STAGES - 1; s = s + 1) begin
        valid_q[s] <= valid_q[s-1];
        if (valid_q[s-1]) last_q[s] <= last_q[s-1];
      end
      // The result register becomes valid when the last slice of a dot product is accumulated.
      valid_q[STAGES-1] <= valid_q[STAGES-2] && last_q[STAGES-2];
      if (valid_q[STAGES-2]) acc_first_q <= last_q[STAGES-2];
    end
  end
endmodule
